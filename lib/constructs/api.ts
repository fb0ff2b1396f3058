// The HTTP API in front of the api function, with access logs, and the facilitator API token.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CALENDAR_FEED_PATH, JOIN_PAGE_PATH, LinkPath } from '../../functions/contract/link-paths.js';
import type { NetworkConfig } from '../network-config.js';

/**
 * API Gateway's throttling (requests per second, and the burst a token bucket allows): every route
 * of the stage, and tighter on the public routes anyone on the internet can call (sign-in, which
 * sends mail, and the mail links), so a flood there cannot take the facilitators' API with it.
 */
export const API_THROTTLING = {
  stage: { rateLimit: 50, burstLimit: 100 },
  publicRoutes: { rateLimit: 10, burstLimit: 20 },
} as const;

export class Api extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly tokenSecret: secretsmanager.Secret;
  /** Signs the answer and reflection links in mail (HMAC); read by the mailer and the api function. */
  readonly linkSigningSecret: secretsmanager.Secret;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: { config: NetworkConfig }) {
    super(scope, id);
    const { config } = props;
    this.tokenSecret = new secretsmanager.Secret(this, 'TokenSecret', {
      description: `Samskab ${config.slug}: bearer token of the facilitator API`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The facilitator token is rotated by ops (put-secret-value); the api function reads it on every cold start.',
    });

    this.linkSigningSecret = new secretsmanager.Secret(this, 'LinkSigningSecret', {
      description: `Samskab ${config.slug}: HMAC key that signs the answer and reflection links in mail`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.linkSigningSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the link key invalidates every link already mailed (answers, reflections); ops rotate it by hand when it leaks.',
    });

    // The default stage is built by hand because HttpApi's own default stage takes no access log settings.
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `samskab-${config.slug}`,
      description: `Samskab ${config.name}`,
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLING.stage,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        // HTTP APIs know fewer $context variables than REST APIs; $context.path leaves out query strings (link tokens).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /**
   * Sends every /api/... request to the function, which routes and authorizes itself, and the
   * public pages: the mail links (/rsvp/{answer}, /reflect, /unsubscribe: GET shows, POST records),
   * the facilitator app (/, /app/...) and its sign-in (/auth/...).
   */
  connect(fn: lambda.IFunction): void {
    const integration = new HttpLambdaIntegration('Function', fn, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    const routes = [
      ...this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [apigwv2.HttpMethod.ANY], integration }),
      // Every mail link: GET shows the page, POST records (for /unsubscribe, RFC 8058's one-click POST).
      ...Object.values(LinkPath).flatMap((path) =>
        this.httpApi.addRoutes({ path, methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration })),
      // The facilitator app (same origin as the API) and its sign-in (functions/web, functions/auth).
      ...this.httpApi.addRoutes({ path: '/', methods: [apigwv2.HttpMethod.GET], integration }),
      ...this.httpApi.addRoutes({ path: '/app', methods: [apigwv2.HttpMethod.GET], integration }),
      ...this.httpApi.addRoutes({ path: '/app/{proxy+}', methods: [apigwv2.HttpMethod.GET], integration }),
      ...this.httpApi.addRoutes({ path: '/auth/{proxy+}', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration }),
      // The network's public page with its join form (functions/api/join-routes.ts).
      ...this.httpApi.addRoutes({ path: JOIN_PAGE_PATH, methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration }),
      // A person's calendar feed (functions/api/calendar-feed-routes.ts): the secret token in the path is the credential.
      ...this.httpApi.addRoutes({ path: CALENDAR_FEED_PATH, methods: [apigwv2.HttpMethod.GET], integration }),
    ];
    // The public routes' own limits (RouteSettings); the stage must come after the routes it names.
    const publicPaths = new Set<string>([...Object.values(LinkPath), '/auth/{proxy+}', JOIN_PAGE_PATH, CALENDAR_FEED_PATH]);
    const { rateLimit, burstLimit } = API_THROTTLING.publicRoutes;
    const stage = this.stage.node.defaultChild as apigwv2.CfnStage;
    // RouteSettings is plain JSON to CDK: CloudFormation's own (Pascal case) names.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes) {
      if (!publicPaths.has(route.path ?? '')) continue;
      routeSettings[(route.node.defaultChild as apigwv2.CfnRoute).routeKey] = { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit };
      stage.node.addDependency(route);
    }
    stage.routeSettings = routeSettings;
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The api function authorizes each request itself: a bearer token or a session cookie (with CSRF token) for facilitators and coordinators, signed links for participants; the app pages and sign-in are public.',
      });
    }
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}

import type { BuildOptions, BuildResult, Plugin } from 'esbuild';
export declare function initSharing(entry: string, lazy: ReadonlySet<string>): Plugin;
export declare function buildFunction<O extends BuildOptions & { entryPoints: [string] }>(options: O): Promise<BuildResult<O>>;
export declare function reachedStatically(graph: Readonly<Record<string, { imports: readonly { path: string; kind: string; external?: boolean }[] }>>, start: string): string[];

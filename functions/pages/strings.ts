// The words of the small pages behind the links in mails, in Danish and English.
import type { RsvpAnswer } from '../contract/events.js';
import { strings } from '../mail/i18n.js';

export type PageLanguage = 'da' | 'en';
export type LinkProblem = 'expired' | 'invalid' | 'unknown' | 'closed';

export interface PageStrings {
  labels: { meeting: string; when: string; answer: string };
  answers: Record<RsvpAnswer, string>;
  rsvpConfirm: {
    heading: string;
    intro: string;
    button: string;
    why: string;
    changed: string;
    commentLabel: string;
    commentHint: (max: string) => string;
    commentError: (max: string) => string;
  };
  rsvpRecorded: { heading: string; text: Record<RsvpAnswer, (title: string) => string>; change: string };
  linkProblem: Record<LinkProblem, { heading: string; text: string }>;
  linkProblemHelp: string;
  reflectionForm: {
    heading: string;
    about: (title: string) => string;
    label: string;
    hint: (max: string) => string;
    button: string;
    errorHeading: string;
    shareName: string;
  };
  reflectionRecorded: { heading: string; text: (title: string) => string };
  unsubscribeConfirm: { heading: string; intro: string; keeps: string; button: string };
  unsubscribed: { heading: string; text: string };
  canClose: string;
}

export const pageStrings: Record<PageLanguage, PageStrings> = {
  da: {
    labels: { meeting: 'Møde', when: 'Hvornår', answer: 'Dit svar' },
    // The same words as the answer links in the mail.
    answers: strings.da.answers,
    rsvpConfirm: {
      heading: 'Bekræft dit svar',
      intro: 'Tryk på knappen for at sende dit svar på invitationen.',
      button: 'Send mit svar',
      changed: 'Mødet er ændret, siden du fik mailen med linket. Se det nye tidspunkt nedenfor, og send dit svar igen, hvis det stadig gælder.',
      why: 'Vi beder dig trykke på knappen, fordi nogle mailprogrammer selv åbner links for at tjekke dem. Så ved vi, at svaret kommer fra dig.',
      commentLabel: 'Kommentar (valgfri)',
      commentHint: (max) =>
        `Fx særlig kost eller behov for adgang uden trapper. Højst ${max} tegn. Kommentaren læses af netværkets facilitatorer. Lader du feltet stå tomt, gælder en kommentar, du har skrevet før.`,
      commentError: (max) => `Skriv en kommentar på højst ${max} tegn.`,
    },
    rsvpRecorded: {
      heading: 'Tak for dit svar',
      text: {
        accept: (title) => `Vi har noteret, at du kommer til mødet »${title}«. Vi glæder os til at se dig.`,
        maybe: (title) =>
          `Vi har noteret, at du måske kommer til mødet »${title}«. Giv os gerne et endeligt svar, når du ved mere.`,
        decline: (title) => `Vi har noteret, at du ikke kan komme til mødet »${title}«. Tak, fordi du gav besked.`,
      },
      change: 'Ombestemmer du dig, kan du altid svare igen med et af de andre links i mailen.',
    },
    linkProblem: {
      expired: {
        heading: 'Linket er udløbet',
        text: 'Linket virker ikke længere, fordi mødet er overstået, eller fordi linket er for gammelt.',
      },
      invalid: {
        heading: 'Linket virker ikke',
        text: 'Linket ser ud til at være ufuldstændigt eller ændret. Prøv at kopiere hele linket fra mailen og indsætte det i din browser.',
      },
      unknown: {
        heading: 'Vi kan ikke finde det, linket peger på',
        text: 'Det kan være, at invitationen er blevet fjernet, eller at linket hører til en ældre mail.',
      },
      closed: {
        heading: 'Mødet er aflyst eller overstået',
        text: 'Derfor kan du ikke længere svare via dette link.',
      },
    },
    linkProblemHelp: 'Intet er blevet ændret. Har du brug for hjælp, er du velkommen til at svare på mailen, så hjælper vi dig.',
    reflectionForm: {
      heading: 'Del din refleksion',
      about: (title) => `Om mødet »${title}«`,
      label: 'Hvad tager du med fra mødet?',
      hint: (max) =>
        `Skriv lige så kort eller langt, som du har lyst til – dog højst ${max} tegn. Din refleksion læses af netværkets facilitatorer.`,
      button: 'Send refleksion',
      errorHeading: 'Der er et problem',
      shareName: 'I må vise mit navn ved refleksionen, når netværket ser på mønstre på tværs af kommunerne (ellers vises den uden navn).',
    },
    reflectionRecorded: {
      heading: 'Tak for din refleksion',
      text: (title) => `Vi har modtaget din refleksion om mødet »${title}«. Tak, fordi du tog dig tid til at skrive den.`,
    },
    unsubscribeConfirm: {
      heading: 'Afmeld opfølgninger og nyhedsmails',
      intro: 'Tryk på knappen for at afmelde opfølgninger og nyhedsmails fra netværket.',
      keeps: 'Invitationer, ændringer og aflysninger af møder, du er inviteret til, får du stadig.',
      button: 'Afmeld',
    },
    unsubscribed: {
      heading: 'Du er afmeldt',
      text: 'Du får ikke flere opfølgninger og nyhedsmails fra netværket. Invitationer til møder får du stadig.',
    },
    canClose: 'Du kan nu lukke siden.',
  },
  en: {
    labels: { meeting: 'Meeting', when: 'When', answer: 'Your answer' },
    answers: strings.en.answers,
    rsvpConfirm: {
      heading: 'Confirm your answer',
      intro: 'Press the button to send your answer to the invitation.',
      button: 'Send my answer',
      changed: 'The meeting has changed since the mail with the link was sent. See the new time below, and send your answer again if it still applies.',
      why: 'We ask you to press the button because some email programs open links by themselves to check them. That way we know the answer comes from you.',
      commentLabel: 'Comment (optional)',
      commentHint: (max) =>
        `For example a special diet or a need for step-free access. At most ${max} characters. The network’s facilitators read it. If you leave it empty, a comment you wrote before still applies.`,
      commentError: (max) => `Write a comment of at most ${max} characters.`,
    },
    rsvpRecorded: {
      heading: 'Thank you for your answer',
      text: {
        accept: (title) => `We have noted that you will come to the meeting “${title}”. We look forward to seeing you.`,
        maybe: (title) =>
          `We have noted that you may come to the meeting “${title}”. Please give us a final answer when you know more.`,
        decline: (title) => `We have noted that you cannot come to the meeting “${title}”. Thank you for letting us know.`,
      },
      change: 'If you change your mind, you can always answer again with one of the other links in the email.',
    },
    linkProblem: {
      expired: {
        heading: 'The link has expired',
        text: 'The link no longer works because the meeting is over or the link is too old.',
      },
      invalid: {
        heading: 'The link does not work',
        text: 'The link seems to be incomplete or changed. Try copying the whole link from the email and pasting it into your browser.',
      },
      unknown: {
        heading: 'We cannot find what the link points to',
        text: 'The invitation may have been removed, or the link may belong to an older email.',
      },
      closed: {
        heading: 'The meeting has been cancelled or is over',
        text: 'That is why you can no longer answer through this link.',
      },
    },
    linkProblemHelp: 'Nothing has been changed. If you need help, just reply to the email and we will help you.',
    reflectionForm: {
      heading: 'Share your reflection',
      about: (title) => `About the meeting “${title}”`,
      label: 'What are you taking away from the meeting?',
      hint: (max) =>
        `Write as much or as little as you like – up to ${max} characters. Your reflection is read by the network’s facilitators.`,
      button: 'Send reflection',
      errorHeading: 'There is a problem',
      shareName: 'You may show my name with this reflection when the network looks at patterns across the municipalities (otherwise it is shown without a name).',
    },
    reflectionRecorded: {
      heading: 'Thank you for your reflection',
      text: (title) => `We have received your reflection on the meeting “${title}”. Thank you for taking the time to write it.`,
    },
    unsubscribeConfirm: {
      heading: 'Unsubscribe from follow-ups and newsletters',
      intro: 'Press the button to unsubscribe from follow-ups and newsletters from the network.',
      keeps: 'You will still receive invitations, changes and cancellations for meetings you are invited to.',
      button: 'Unsubscribe',
    },
    unsubscribed: {
      heading: 'You have been unsubscribed',
      text: 'You will no longer receive follow-ups and newsletters from the network. You will still receive meeting invitations.',
    },
    canClose: 'You can now close this page.',
  },
};

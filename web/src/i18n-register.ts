// The texts of the register's screens (issue 17): patterns, search and the people import's reasons. Spread
// into i18n.ts's Danish and English objects, so t() has them with every other text.

export const registerDa = {
  patternsNav: 'Mønstre',
  // search (web/src/search.ts)
  search: 'Søg',
  searchTitle: 'Find en læring',
  searchIntro: 'Søg i eksperimenter, læringer, noter og refleksioner. Ord findes også i andre bøjninger: "frivillige" finder "frivillighed".',
  searchLabel: 'Søgeord',
  searchLang: 'Søg på',
  searchTheme: 'Tema',
  searchKind: 'Slags eksperiment',
  searchOutcome: 'Udfald',
  searchButton: 'Søg',
  searchNone: (q: string) => `Intet fundet for "${q}".`,
  searchCount: (n: number, q: string) => (n === 1 ? `1 resultat for "${q}"` : `${n} resultater for "${q}"`),
  searchHitTypes: { experiment: 'Eksperiment', learning: 'Læring', note: 'Note', reflection: 'Refleksion' } as Record<string, string>,
  // import: why a row cannot be saved (web/src/people.ts)
  importMissing: 'mangler',
  importNotOneOf: (value: string, allowed: string) => `'${value}' er ikke en af: ${allowed}`,
  importSaveValid: (n: number) => (n === 1 ? 'Gem den 1 gyldige række' : `Gem de ${n} gyldige rækker`),
  importSkipped: (n: number) => (n === 1 ? '1 række med fejl blev ikke gemt.' : `${n} rækker med fejl blev ikke gemt.`),
  importRead: (encoding: string, delimiter: string) => `Filen er læst som ${encoding === 'windows-1252' ? 'Windows-1252 (Excel)' : 'UTF-8'}, adskilt med ${delimiter === '\t' ? 'tabulator' : `"${delimiter}"`}.`,
};

export const registerEn: typeof registerDa = {
  patternsNav: 'Patterns',
  search: 'Search',
  searchTitle: 'Find a learning',
  searchIntro: 'Search experiments, learnings, notes and reflections. Words are found in other forms too: "volunteers" finds "volunteering".',
  searchLabel: 'Search words',
  searchLang: 'Search in',
  searchTheme: 'Theme',
  searchKind: 'Kind of experiment',
  searchOutcome: 'Outcome',
  searchButton: 'Search',
  searchNone: (q: string) => `Nothing found for "${q}".`,
  searchCount: (n: number, q: string) => (n === 1 ? `1 result for "${q}"` : `${n} results for "${q}"`),
  searchHitTypes: { experiment: 'Experiment', learning: 'Learning', note: 'Note', reflection: 'Reflection' },
  importMissing: 'is missing',
  importNotOneOf: (value: string, allowed: string) => `'${value}' is not one of: ${allowed}`,
  importSaveValid: (n: number) => (n === 1 ? 'Save the 1 valid row' : `Save the ${n} valid rows`),
  importSkipped: (n: number) => (n === 1 ? '1 row with errors was not saved.' : `${n} rows with errors were not saved.`),
  importRead: (encoding: string, delimiter: string) => `The file was read as ${encoding === 'windows-1252' ? 'Windows-1252 (Excel)' : 'UTF-8'}, separated by ${delimiter === '\t' ? 'tab' : `"${delimiter}"`}.`,
};

// The network table's adapters as one object, for the integration tests that read and write the
// table directly. Imported only when called, after startEmulators has set the environment.
export async function importStores() {
  return {
    ...(await import('../../functions/adapters/meeting-store.js')),
    ...(await import('../../functions/adapters/invitation-store.js')),
    ...(await import('../../functions/adapters/reflection-store.js')),
    ...(await import('../../functions/adapters/mail-record-store.js')),
    ...(await import('../../functions/adapters/people-store.js')),
  };
}

export type Stores = Awaited<ReturnType<typeof importStores>>;

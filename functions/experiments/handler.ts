// Placeholder until the experiments workflow lands: rejects events so they wait in the rule's DLQ.
export const handler = async (): Promise<never> => {
  throw new Error('experiments workflow not implemented yet');
};

// Imported for its effect, first: hides the AWS SDK's NodeVersionSupportWarning ("versions
// published after January 2027 will require node >=22"). Lambda runs Node 22 or newer and the
// SDK versions here are pinned, so on the Node 20 machines that run the local cloud, the bench
// and the tests it is noise (it pushed `npm start`'s address block down by eight lines).
// Plain JavaScript, so the function workers can import it too. Every other warning still shows.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  if (String(warning?.message ?? warning).startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

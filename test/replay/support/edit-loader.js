/**
 * A webpack loader for the replay test's deliberate break: it makes the one edit its options name
 * (`from` -> `to`) in the module it is applied to, and fails the bundle when `from` is not there, so the
 * test cannot pass by breaking nothing.
 */
module.exports = function edit(source) {
  const { from, to } = this.getOptions();
  if (!source.includes(from)) throw new Error(`the edit "${from}" is not in ${this.resourcePath}`);
  return source.replace(from, to);
};

import { checkChaincodeName } from '../src/chaincode-deployment';

describe('a chaincode definition name given on the command line', () => {
  it.each(['packtrace', 'packtrace-3f2a9c01', 'pt_rehearsal-2'])('takes %s', (name) => {
    expect(() => checkChaincodeName(name)).not.toThrow();
  });

  it.each(['', 'two words', '-leading', 'trailing-', 'a--b', 'x'.repeat(65), 'pack/trace'])(
    "refuses '%s' with a sentence naming the rule, before any command runs",
    (name) => {
      expect(() => checkChaincodeName(name)).toThrow(
        `invalid chaincode name '${name}': letters and digits`,
      );
    },
  );
});

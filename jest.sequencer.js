// Test files in a fixed order (by path), or reversed with TEST_ORDER=reverse: the suite must pass either way,
// which shows that no test file depends on another's rows.
const Sequencer = require('@jest/test-sequencer').default;

class PathOrder extends Sequencer {
  sort(tests) {
    const sorted = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    return process.env.TEST_ORDER === 'reverse' ? sorted.reverse() : sorted;
  }
}

module.exports = PathOrder;

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { braceFoldingRanges } from '../folding';

describe('braceFoldingRanges', () => {
  it('folds each block, leaving its closing line visible', () => {
    const text = [
      'programme "P" {', // 0
      '  unit "A" {', // 1
      '    facing = front', // 2
      '  }', // 3
      '  metric "M" { type = nps }', // 4: one line, no fold
      '}', // 5
    ].join('\n');
    assert.deepEqual(braceFoldingRanges(text), [
      { start: 0, end: 4 },
      { start: 1, end: 2 },
    ]);
  });

  it('folds multi-line lists', () => {
    const text = 'values = [\n  "a",\n  "b",\n]\n';
    assert.deepEqual(braceFoldingRanges(text), [{ start: 0, end: 2 }]);
  });

  it('ignores braces in strings and comments', () => {
    const text = [
      'unit "A {" {', // 0
      '  # a } in a comment',
      '  head = "say \\"}\\" here"',
      '  x = 1',
      '}', // 4
    ].join('\n');
    assert.deepEqual(braceFoldingRanges(text), [{ start: 0, end: 3 }]);
  });

  it('counts lines ended by \\r\\n and a lone \\r', () => {
    assert.deepEqual(braceFoldingRanges('a {\r\n  b = 1\r\n  c = 2\r\n}'), [{ start: 0, end: 2 }]);
    assert.deepEqual(braceFoldingRanges('a {\r  b = 1\r  c = 2\r}'), [{ start: 0, end: 2 }]);
  });

  it('survives unbalanced and half-typed text', () => {
    assert.deepEqual(braceFoldingRanges('}\n}\nunit "A" {\n  x = 1\n'), []);
    assert.deepEqual(braceFoldingRanges('unit "A\n{\n x = 1\n y = 2\n}'), [{ start: 1, end: 3 }]);
  });
});

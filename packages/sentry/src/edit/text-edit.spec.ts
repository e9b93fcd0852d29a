import {
  applyTextEdits,
  eolOf,
  indentUnitOf,
  insertAt,
  lineEndAt,
  lineIndentAt,
  reindent,
  splitBom,
} from './text-edit';

describe('text edits', () => {
  it('applies edits made against one text, keeping the order of insertions at one offset', () => {
    expect(
      applyTextEdits('abcdef', [insertAt(3, 'Y'), { offset: 0, length: 1, text: 'A' }, insertAt(3, 'Z')]),
    ).toBe('AbcYZdef');
  });

  it('refuses overlapping edits', () => {
    expect(() =>
      applyTextEdits('abcdef', [
        { offset: 1, length: 3, text: '' },
        { offset: 2, length: 1, text: 'x' },
      ]),
    ).toThrow('Overlapping');
  });

  it('reads the layout of a file: line ending, indentation unit, a line’s indentation, the BOM', () => {
    expect(eolOf('a\r\nb')).toBe('\r\n');
    expect(eolOf('a\nb')).toBe('\n');
    expect(indentUnitOf('a\n  b\n    c\n')).toBe('  ');
    expect(indentUnitOf('a\n\tb\n')).toBe('\t');
    expect(indentUnitOf('a\nb\n')).toBe('    ');
    expect(indentUnitOf('a\nb\n', '  ')).toBe('  ');
    expect(indentUnitOf('/**\n * doc\n */\nx = {\n    a,\n};\n')).toBe('    ');
    expect(reindent('{\n  a: {\n    b,\n  },\n}', '\t')).toBe('{\n\ta: {\n\t\tb,\n\t},\n}');
    expect(lineIndentAt('x\n    foo();', 8)).toBe('    ');
    expect(lineEndAt('a; // c\r\nb', 1)).toBe(7);
    expect(lineEndAt('a;', 1)).toBe(2);
    expect(splitBom('\uFEFF{}')).toEqual({ bom: '\uFEFF', body: '{}' });
  });
});

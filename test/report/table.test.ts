import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';

describe('renderTable', () => {
  it('pads columns to the widest cell, right-aligns numeric columns, rules off the header and totals', () => {
    const text = renderTable(
      [{ header: 'usage type' }, { header: 'quantity', align: 'right' }, { header: 'cost', align: 'right' }],
      [
        ['TimedStorage-ByteHrs', '52,900', '$1,215.00'],
        ['Requests-Tier1', '10', '$0.00'],
      ],
      { totals: [['total', '', '$1,215.00']] },
    );
    expect(text).toBe(
      [
        'usage type            quantity       cost',
        '--------------------  --------  ---------',
        'TimedStorage-ByteHrs    52,900  $1,215.00',
        'Requests-Tier1              10      $0.00',
        '--------------------  --------  ---------',
        'total                           $1,215.00',
        '',
      ].join('\n'),
    );
  });

  it('leaves missing cells blank, trims trailing spaces, counts "–" as one column', () => {
    const text = renderTable([{ header: 'a' }, { header: 'b' }], [['0–1'], ['x', 'y']]);
    expect(text.split('\n')).toEqual(['a    b', '---  -', '0–1', 'x    y', '']);
  });
});

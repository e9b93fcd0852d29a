import { execFileSync } from 'node:child_process';
import { comment, element, escapeXml, renderXmlDocument, text } from './xml';

describe('xml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('renders text and attributes that an XML parser reads back unchanged', () => {
    const hostile = `"quoted" <tag> & 'apostrophe' ]]> ünïcödé`;
    const document = renderXmlDocument(
      element('root', { value: hostile }, element('child', {}, text(hostile))),
    );
    const script = [
      'import json, sys, xml.dom.minidom as minidom',
      'root = minidom.parseString(sys.stdin.buffer.read()).documentElement',
      'print(json.dumps([root.getAttribute("value"), root.getElementsByTagName("child")[0].firstChild.data]))',
    ].join('\n');
    expect(
      JSON.parse(execFileSync('python3', ['-c', script], { input: document, encoding: 'utf-8' })),
    ).toEqual([hostile, hostile]);
  });

  it('indents nested elements and closes empty ones', () => {
    expect(
      renderXmlDocument(
        element('a', {}, comment('why'), element('b', { remove: 'remove' }), element('c', {}, text(1))),
      ),
    ).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<a>',
        '  <!-- why -->',
        '  <b remove="remove"/>',
        '  <c>1</c>',
        '</a>',
        '',
      ].join('\n'),
    );
  });

  it('refuses comments XML cannot hold', () => {
    expect(() => comment('a -- b')).toThrow('--');
  });
});

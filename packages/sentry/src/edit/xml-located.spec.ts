import { applyTextEdits } from './text-edit';
import {
  appendToElement,
  attributeValueRange,
  descendantElements,
  parseXmlElements,
  removeElement,
  XmlSyntaxError,
} from './xml-located';

describe('located XML', () => {
  const text =
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n<Project Sdk="Microsoft.NET.Sdk.Web">\r\n  <!-- 😀 a comment -->\r\n' +
    "  <PropertyGroup Condition=\"'$(A)' > '1'\">\r\n    <TargetFramework>net8.0</TargetFramework>\r\n  </PropertyGroup>\r\n" +
    "  <ItemGroup>\r\n    <PackageReference Include='Sentry' Version='5.0.0' />\r\n  </ItemGroup>\r\n</Project>\r\n";

  it('knows where each element starts and ends, across a BOM, CRLF and astral characters', () => {
    const root = parseXmlElements(text);
    const [reference] = descendantElements(root, 'PackageReference');
    expect(text.slice(reference.start, reference.end)).toBe(
      "<PackageReference Include='Sentry' Version='5.0.0' />",
    );
    const [group] = descendantElements(root, 'PropertyGroup');
    expect(text.slice(group.closeStart, group.end)).toBe('</PropertyGroup>');
    expect(group.attributes['Condition']).toBe("'$(A)' > '1'");
    expect(group.children[0].text).toBe('net8.0');
    expect(text.slice(root.start, root.openEnd)).toBe('<Project Sdk="Microsoft.NET.Sdk.Web">');
  });

  it('finds an attribute value in single or double quotes', () => {
    const root = parseXmlElements(text);
    const [reference] = descendantElements(root, 'PackageReference');
    const range = attributeValueRange(text, reference, 'Version');
    expect(range && text.slice(range.offset, range.offset + range.length)).toBe('5.0.0');
    expect(attributeValueRange(text, reference, 'Missing')).toBeUndefined();
  });

  it('appends elements after the last child, in the file’s layout', () => {
    const root = parseXmlElements(text);
    const [items] = descendantElements(root, 'ItemGroup');
    expect(
      applyTextEdits(text, [appendToElement(text, items, ['<PackageReference Include="X" />'])]),
    ).toContain('Version=\'5.0.0\' />\r\n    <PackageReference Include="X" />\r\n  </ItemGroup>');
  });

  it.each(['<ItemGroup></ItemGroup>', '<ItemGroup>\n  </ItemGroup>'])(
    'fills the empty element %j',
    (empty) => {
      const document = `<Project>\n  ${empty}\n</Project>\n`;
      const [group] = descendantElements(parseXmlElements(document), 'ItemGroup');
      expect(applyTextEdits(document, [appendToElement(document, group, ['<A />', '<B />'])])).toBe(
        '<Project>\n  <ItemGroup>\n    <A />\n    <B />\n  </ItemGroup>\n</Project>\n',
      );
    },
  );

  it('removes an element with its lines, leaving one blank line between the groups around it', () => {
    const project =
      '<Project>\r\n  <PropertyGroup />\r\n\r\n  <ItemGroup>\r\n    <A />\r\n  </ItemGroup>\r\n\r\n  <Target Name="T" />\r\n</Project>\r\n';
    const root = parseXmlElements(project);
    const [group] = descendantElements(root, 'ItemGroup');
    expect(applyTextEdits(project, [removeElement(project, group)])).toBe(
      '<Project>\r\n  <PropertyGroup />\r\n\r\n  <Target Name="T" />\r\n</Project>\r\n',
    );
    const [inline] = descendantElements(parseXmlElements('<P><A /><B /></P>'), 'A');
    expect(applyTextEdits('<P><A /><B /></P>', [removeElement('<P><A /><B /></P>', inline)])).toBe(
      '<P><B /></P>',
    );
  });

  it('refuses text that is not well-formed', () => {
    expect(() => parseXmlElements('<Project><ItemGroup></Project>')).toThrow(XmlSyntaxError);
  });
});

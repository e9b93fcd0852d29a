import { appendToElement, descendantElements, escapeXmlAttribute } from '../../../edit/xml-located';
import type { TextEdit } from '../../../edit/text-edit';
import { evaluatedProperty, type XmlFile } from '../../../edit/msbuild-project';

interface PropertyGroupPlan {
  condition: string;
  /** Why the group is there, as an XML comment above it when it is created. */
  comment: string;
  properties: Array<{ name: string; value: string; keepUserValue: boolean }>;
}

const normalized = (condition: string) => condition.replace(/\s+/g, ' ').trim();

/**
 * The release: CI exports SENTRY_RELEASE (utils/release-name.ts) before it builds; as the informational
 * version it is compiled into the assembly, which the SDK reports as the release when SENTRY_RELEASE is
 * not set at run time (a pod). The SDK leaves a version that already holds `@` as it is, so the name
 * stays exactly the one CI created. Without the source revision suffix the .NET SDK would append `.<sha>`.
 */
const releasePlan: PropertyGroupPlan = {
  condition: "'$(SENTRY_RELEASE)' != ''",
  comment:
    'Sentry: CI sets SENTRY_RELEASE to the release it creates; compiled in as the informational version, it is the release the app reports.',
  properties: [
    { name: 'InformationalVersion', value: '$(SENTRY_RELEASE)', keepUserValue: false },
    { name: 'IncludeSourceRevisionInInformationalVersion', value: 'false', keepUserValue: false },
  ],
};

/**
 * Symbols: Release builds upload portable PDBs (and sources) through the sentry-cli inside the Sentry
 * package when SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT and SENTRY_URL are in the environment, as in
 * the CI upload step; elsewhere (a developer, CI's token-free build step) the Sentry targets skip it.
 * Values the user set anywhere in the file or its Directory.Build.props win; SentryUploadSources is left out
 * with EmbedAllSources, which already puts the sources into the PDBs (the Sentry targets refuse both).
 */
function symbolsPlan(evaluation: readonly XmlFile[]): PropertyGroupPlan {
  const embedsSources = evaluatedProperty(evaluation, 'EmbedAllSources')?.toLowerCase() === 'true';
  return {
    condition: "'$(Configuration)' == 'Release'",
    comment:
      'Sentry: Release builds upload portable PDBs and sources when SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT and SENTRY_URL are set; otherwise the upload is skipped.',
    properties: [
      { name: 'DebugType', value: 'portable', keepUserValue: true },
      { name: 'SentryUploadSymbols', value: 'true', keepUserValue: true },
      ...(embedsSources ? [] : [{ name: 'SentryUploadSources', value: 'true', keepUserValue: true }]),
    ],
  };
}

function groupEdit(
  csproj: XmlFile,
  evaluation: readonly XmlFile[],
  plan: PropertyGroupPlan,
): TextEdit | undefined {
  const group = descendantElements(csproj.root, 'PropertyGroup').find(
    (candidate) => normalized(candidate.attributes['Condition'] ?? '') === normalized(plan.condition),
  );
  const missing = plan.properties.filter(
    ({ name, keepUserValue }) =>
      !group?.children.some((child) => child.name === name) &&
      !(keepUserValue && evaluatedProperty(evaluation, name) !== undefined),
  );
  if (missing.length === 0) return undefined;
  const lines = missing.map(({ name, value }) => `<${name}>${value}</${name}>`);
  if (group) return appendToElement(csproj.text, group, lines);
  return appendToElement(csproj.text, csproj.root, [
    '',
    `<!-- ${plan.comment} -->`,
    `<PropertyGroup Condition="${escapeXmlAttribute(plan.condition)}">`,
    ...lines.map((line) => `  ${line}`),
    '</PropertyGroup>',
  ]);
}

/** The property groups in the .csproj; `buildProps`: the Directory.Build.props it imports, outermost first. */
export function releaseAndSymbolsEdits(csproj: XmlFile, buildProps: readonly XmlFile[]): TextEdit[] {
  const evaluation = [...buildProps, csproj];
  return [releasePlan, symbolsPlan(evaluation)]
    .map((plan) => groupEdit(csproj, evaluation, plan))
    .filter((edit): edit is TextEdit => edit !== undefined);
}

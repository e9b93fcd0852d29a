import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { directoryBuildProps, msbuildEvaluation, targetFrameworks } from './msbuild-project';

const project = (properties: string) => `<Project><PropertyGroup>${properties}</PropertyGroup></Project>`;

describe('MSBuild properties of a project and its Directory.Build.props', () => {
  it('expands $(…) references: the value so far for the property itself, the final value for others', () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(
      'Directory.Build.props',
      project('<NetVersion>net9.0</NetVersion><TargetFrameworks>$(NetVersion)</TargetFrameworks>'),
    );
    tree.write(
      'apps/api/Api.csproj',
      project('<TargetFrameworks>$(TargetFrameworks);net10.0</TargetFrameworks>'),
    );
    expect(targetFrameworks(msbuildEvaluation(tree, 'apps/api/Api.csproj'))).toEqual(['net9.0', 'net10.0']);
  });

  it('reads only the nearest props unless it imports the one above', () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('Directory.Build.props', project('<TargetFramework>net8.0</TargetFramework>'));
    tree.write('apps/Directory.Build.props', project('<Nullable>enable</Nullable>'));
    expect(directoryBuildProps(tree, 'apps/api').map(({ path }) => path)).toEqual([
      'apps/Directory.Build.props',
    ]);
    tree.write(
      'apps/Directory.Build.props',
      `<Project><Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" /></Project>`,
    );
    expect(directoryBuildProps(tree, 'apps/api').map(({ path }) => path)).toEqual([
      'Directory.Build.props',
      'apps/Directory.Build.props',
    ]);
  });
});

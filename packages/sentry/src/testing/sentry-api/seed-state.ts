import { type BootstrapState, defaultBootstrapState } from '../../bootstrap-state/desired-state';
import { validateState } from '../../bootstrap-state/validate-state';

/**
 * The seed's setup as a state file after `infra`, `dotnet-app` and `angular-app` ran with its values: two
 * projects in two repositories, the default alerts watching both. Tests of the bootstrap use it; the plugin
 * itself never writes these values unless the user passes them.
 */
const seedStateFile = {
  ...defaultBootstrapState('fundamental', 'fundamental'),
  projects: [
    { slug: 'dotnet-backend', name: 'dotnet-backend', platform: 'dotnet-aspnetcore' },
    { slug: 'angular-frontend', name: 'angular-frontend', platform: 'javascript-angular' },
  ],
  github: {
    repositories: ['PeSahm/Fundamental.Backend', 'PeSahm/Fundamental.FrontEnd'],
    codeMappings: [
      {
        project: 'dotnet-backend',
        repository: 'PeSahm/Fundamental.Backend',
        stackRoot: '',
        sourceRoot: '',
        defaultBranch: 'main',
      },
      {
        project: 'angular-frontend',
        repository: 'PeSahm/Fundamental.FrontEnd',
        stackRoot: '',
        sourceRoot: '',
        defaultBranch: 'main',
      },
    ],
  },
};

/** Validated, so every alert lists the projects it watches, as the executor sees them. */
export const seedBootstrapState: BootstrapState = validateState(seedStateFile, 'seed state');

// Every release data file of this folder, oldest first: written by `nx g ./generators:sentry-release`.
import { release_26_7_2 } from './26.7.2';
import { release_26_8_0 } from './26.8.0';

export const knownReleases = [release_26_7_2, release_26_8_0];

import { serverMessages } from './errors';

describe('serverMessages', () => {
  it.each([
    [
      'DRF field errors',
      { platform: ['Invalid platform'], name: ['Too long.', 'Blank.'] },
      'platform: Invalid platform; name: Too long.; Blank.',
    ],
    ['a detail string', { detail: 'Invalid token' }, 'Invalid token'],
    ['a detail list', { detail: ['The name cannot be blank.'] }, 'The name cannot be blank.'],
    [
      "an API exception's code and message",
      {
        detail: {
          code: 'repo_exists',
          message: 'A repository with that configuration already exists',
          extra: {},
        },
      },
      'A repository with that configuration already exists',
    ],
    [
      'errors of the whole request',
      { nonFieldErrors: ['Must send 1 or 2 triggers'] },
      'Must send 1 or 2 triggers',
    ],
    ['a bare string', 'Missing param: integrationId', 'Missing param: integrationId'],
    ['no body', undefined, 'no details'],
  ])('flattens %s to one line', (_, body, expected) => {
    expect(serverMessages(body)).toBe(expected);
  });
});

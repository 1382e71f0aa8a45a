import { assertDemoAllowed } from './seed-demo';

describe(assertDemoAllowed.name, () => {
  it('refuses the published demo login in production', () => {
    expect(() => assertDemoAllowed('production')).toThrow(/NODE_ENV=production/);
  });

  it('seeds it for development and tests', () => {
    expect(() => assertDemoAllowed('development')).not.toThrow();
    expect(() => assertDemoAllowed('test')).not.toThrow();
  });
});

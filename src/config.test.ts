import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('settings from the environment', () => {
  it('has a working default for every setting', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: undefined,
      host: '127.0.0.1',
      port: 3000,
      baseUrl: 'http://127.0.0.1:3000',
      cookieSecure: true,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      sessionCacheMs: 2000,
      logLevel: 'info',
      auditCheckpointMinutes: 60,
      trustProxy: false,
      checkEveryRow: false,
    });
  });

  it('reads numbers, switches and URLs, an empty variable counting as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      CONCORD_SESSION_CACHE_MS: '0',
      CONCORD_TRUST_PROXY: 'true',
      CONCORD_COOKIE_SECURE: 'false',
      CONCORD_BASE_URL: 'https://training.example.org/',
      CONCORD_SMTP_URL: '',
      DATABASE_URL: 'postgres://concord@db:5432/concord',
    });
    expect(config).toMatchObject({
      port: 8080,
      sessionCacheMs: 0,
      trustProxy: true,
      cookieSecure: false,
      baseUrl: 'https://training.example.org',
      smtpUrl: undefined,
      databaseUrl: 'postgres://concord@db:5432/concord',
    });
  });

  it.each([
    ['PORT', 'eighty', 'a whole number from 1 to 65535'],
    ['PORT', '70000', 'a whole number from 1 to 65535'],
    ['CONCORD_SESSION_CACHE_MS', '-5', 'a whole number of milliseconds'],
    ['CONCORD_SESSION_IDLE_MINUTES', '0', 'a whole number of minutes, 1 or more'],
    ['CONCORD_AUDIT_CHECKPOINT_MINUTES', '1.5', 'a whole number of minutes'],
    ['CONCORD_TRUST_PROXY', 'yes', 'true or false'],
    ['CONCORD_COOKIE_SECURE', 'off', 'true or false'],
    ['CONCORD_BASE_URL', 'training.example.org', 'an http:// or https:// URL'],
    ['CONCORD_SMTP_URL', 'mail.example.org', 'an smtp:// or smtps:// URL'],
    ['DATABASE_URL', 'mysql://db/concord', 'a postgres:// or postgresql:// URL'],
    ['LOG_LEVEL', 'loud', 'one of fatal, error'],
  ])('refuses %s=%s, naming the variable and what it must be', (name, value, must) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`${name} must be ${must}`);
  });

  it('names every wrong variable at once, and never repeats a value (it may be a secret)', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: 'x', DATABASE_URL: 'secret-password-here', HOST: 'ok' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err?.variables).toEqual(['DATABASE_URL', 'PORT']);
    expect(err?.message).not.toContain('secret-password-here');
  });
});

// Playwright drives Debian's Chromium (never a downloaded browser) against the release build in dist/, served on
// loopback by Python's static server: the same files a static website would host.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.KPLAY_E2E_PORT || 8181);
// A second origin for the tutorial pages that embed kplay (tests/e2e/host).
const hostPort = port + 1;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ../../dist`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      command: `python3 -m http.server ${hostPort} --bind 127.0.0.1 --directory host`,
      url: `http://127.0.0.1:${hostPort}/api.html`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});

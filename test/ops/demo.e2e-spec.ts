import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `npm run demo` as a person runs it: its printed steps, the services it leaves running, and Ctrl-C. */
describe('npm run demo', () => {
  it('runs the walkthrough step by step, leaves the hub and the emulator running, and stops cleanly on Ctrl-C', async () => {
    // Its own process group, so the SIGINT reaches npm and the demo together, as Ctrl-C in a terminal does.
    const child = spawn('npm', ['run', '--silent', 'demo'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HUB_PUBLIC_URL: 'http://ignored.example' } });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      const deadline = Date.now() + 100_000;
      while (!out.includes('Running (Ctrl-C') && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(out).toContain('Running (Ctrl-C');

      const step = (title: string) => new RegExp(`\\n\\d+\\. ${title}\\n((?:   .*\\n)+)`).exec(out)?.[1] ?? '';
      const webex = /^ {3}(http:\/\/127\.0\.0\.1:\d+)\/v1 /m.exec(step('Webex emulator'))![1];
      const hub = /^ {3}(http:\/\/127\.0\.0\.1:\d+) \(PGlite in (\S+)\)/m.exec(step('Hub'))!;
      const [, origin, dataDir] = hub;
      expect(existsSync(dataDir)).toBe(true);
      expect(step('OAuth URL')).toContain(`${webex}/v1/authorize?`);
      expect(step('OAuth URL')).toContain(`redirect_uri=${encodeURIComponent(`${origin}/callback`)}`);
      expect(step('Consent')).toMatch(/code: [A-Za-z0-9_-]{20,}/);
      expect(step('Consent')).toContain('the callback page answers 200 and shows the code: true');
      const [, instanceId, token] = /-> id (\d+), token (\S+)/.exec(step('Instance'))!;
      const channel = /-> id (\S+) \("Launch"\)/.exec(step('Channel'))![1];
      const messages = /-> ids (.+)$/m.exec(step('Messages'))![1].split(', ');
      expect(messages).toHaveLength(3);
      expect(step('Pages')).toContain('-> 2 messages, elements-next-page-token present');
      expect(step('Pages')).toContain('-> 1 message, elements-next-page-token absent');
      expect(step('Event')).toContain(`the receiver got messages CREATED ${messages[0]} for instance ${instanceId}`);
      expect(step('Event')).toContain('Elements-Webhook-Signature verified: true, webhook-signature verified: true');

      // What it printed works: the instance answers with its token, the docs and console are up.
      const auth = /AUTH='([^']+)'/.exec(out)![1];
      expect(out).toContain(`TOKEN=${token} CHANNEL=${channel}`);
      const instance = await fetch(`${origin}/elements/api-v2/instance`, { headers: { authorization: `${auth}, Element ${token}` } });
      expect(instance.status).toBe(200);
      expect(((await instance.json()) as { id: number }).id).toBe(Number(instanceId));
      expect((await fetch(`${origin}/docs`)).status).toBe(200);
      const password = /user admin, password (\S+)\)/.exec(out)![1];
      expect(password.length).toBeGreaterThanOrEqual(10);
      expect((await fetch(`${origin}/elements/api-v2/console/login`)).status).toBe(200);
      expect((await fetch(`${webex}/_emulator/stats`)).status).toBe(200);

      process.kill(-child.pid!, 'SIGINT');
      const exit = await exited;
      // npm re-raises the signal its script ended on; the demo itself stopped in order.
      expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
      expect(out).toContain(`Stopped; removed ${dataDir}`);
      expect(out).not.toContain('The demo failed');
      expect(existsSync(dataDir)).toBe(false);
      await expect(fetch(`${origin}/health`)).rejects.toThrow();
      await expect(fetch(`${webex}/_emulator/stats`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 150_000);
});

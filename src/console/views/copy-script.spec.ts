import { createHash } from 'node:crypto';
import { COPY_SCRIPT, COPY_SCRIPT_SOURCE } from './copy-script';
import { connectedPage } from './connected.page';
import type { ConsoleContext } from '../console.guard';
import type { InstanceView } from '../../instances/instances.dto';

describe('the copy script', () => {
  const session = { admin: { role: 'admin', displayName: 'A', username: 'a' }, csrfToken: 'c', sessionId: 1 } as ConsoleContext;
  const instance = { id: 5, name: 'Sales', tags: [], valid: true, disabled: false, displayName: 'Ada', email: 'ada@example.com' } as unknown as InstanceView;

  it('is allowed by the hash of exactly what the connected page puts between its script tags', () => {
    const sut = connectedPage(session, instance, 'tok<en>').value;
    const inline = /<script>([\s\S]*?)<\/script>/.exec(sut)![1];
    expect(inline).toBe(COPY_SCRIPT);
    expect(COPY_SCRIPT_SOURCE).toBe(`'sha256-${createHash('sha256').update(inline).digest('base64')}'`);
    expect(sut).toContain('value="tok&lt;en&gt;"');
  });

  it('is not on the page once the token was shown', () => {
    const sut = connectedPage(session, instance).value;
    expect(sut).not.toContain('<script>');
    expect(sut).toContain('shown once');
  });
});

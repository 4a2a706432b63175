import { startEmulator } from '../emulator';
import { measure, type BenchResult } from './support';

/** `GET /v1/rooms/{id}` on the emulator with 50 connections: the ceiling other benchmarks sit under. */
export async function run(): Promise<BenchResult[]> {
  const emulator = await startEmulator({ port: 0 });
  try {
    const { accessToken } = emulator.createPerson({ email: 'bench@example.com', displayName: 'Bench' });
    const res = await fetch(`${emulator.baseUrl}/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bench room' }),
    });
    const room = (await res.json()) as { id: string };
    const result = await measure(
      'emulator GET /v1/rooms/{id}',
      { url: `${emulator.baseUrl}/rooms/${room.id}`, connections: 50, durationSeconds: 10, headers: { authorization: `Bearer ${accessToken}` } },
      '50 connections, 10 s, in-process emulator',
    );
    return [result];
  } finally {
    await emulator.close();
  }
}

import { createAirlock, z } from '@airlock/core';

// A small runnable example until the full demo app lands: one guarded tool, four calls.
const airlock = createAirlock({ policy: { rateLimits: { '*': '2/minute' } } });

const getCustomer = airlock.tool({
  name: 'get_customer',
  description: 'Look up a customer by id',
  input: z.object({ id: z.number().int() }),
  run: ({ id }) => ({ id, name: 'Ann Lee', plan: 'pro' }),
});

const show = (label: string, value: unknown) =>
  console.log(`\n${label}\n${JSON.stringify(value, null, 2)}`);

show('valid call', await getCustomer.call({ id: 42 }));
show(
  'ghost argument (blocked, consumes no limit)',
  await getCustomer.call({ id: 42, force: true }),
);
show('wrong type (blocked, consumes no limit)', await getCustomer.call({ id: '42' }));
show('second valid call', await getCustomer.call({ id: 7 }));
show('third valid call: rate limited at 2/minute', await getCustomer.call({ id: 8 }));
await airlock.close();

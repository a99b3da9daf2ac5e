import { createAirlock, z } from '@airlock/core';

// A small runnable example until the full demo app lands: one guarded tool, three calls.
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
show('ghost argument', await getCustomer.call({ id: 42, force: true }));
show('wrong type', await getCustomer.call({ id: '42' }));
show('rate limited (2/minute)', await getCustomer.call({ id: 7 }));
await airlock.close();

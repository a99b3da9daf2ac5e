import { createAirlock, z } from '@airlock/core';
import { indiaPii } from '@airlock/pii-india';
import { CUSTOMER } from './customer.js';

/** One airlock with the four tools every end-to-end test uses, and counters of real runs. */
export function fixtures() {
  const runs = { get_weather: 0, get_customer: 0, get_quote: 0, delete_customer: 0 };
  const airlock = createAirlock({
    plugins: [indiaPii()],
    policy: {
      toolRoles: { delete_customer: ['admin'] },
      rateLimits: { get_quote: '1/minute' },
    },
  });
  const getWeather = airlock.tool({
    name: 'get_weather',
    description: 'Current weather in a city',
    input: z.object({ city: z.string(), days: z.number().int().min(1).max(7).optional() }),
    run: ({ city }) => {
      runs.get_weather++;
      return `Sunny in ${city}`;
    },
  });
  const getCustomer = airlock.tool({
    name: 'get_customer',
    description: 'Look up a customer by id',
    input: z.object({ id: z.string() }),
    run: ({ id }) => {
      runs.get_customer++;
      return { ...CUSTOMER, id };
    },
  });
  const getQuote = airlock.tool({
    name: 'get_quote',
    description: 'Latest stock quote',
    input: z.object({ symbol: z.string() }),
    run: ({ symbol }) => {
      runs.get_quote++;
      return `${symbol}: 101.5`;
    },
  });
  const deleteCustomer = airlock.tool({
    name: 'delete_customer',
    description: 'Delete a customer (admins only)',
    input: z.object({ id: z.string() }),
    run: ({ id }) => {
      runs.delete_customer++;
      return `deleted ${id}`;
    },
  });
  return { airlock, runs, tools: [getWeather, getCustomer, getQuote, deleteCustomer] };
}

// The provider record both benchmarks feed through: the perf-baseline shape, shared so their figures compare.

/** A provider record of 20 fields, about 950 bytes of JSON (the perf-baseline shape). */
export function providerRecord(i: number) {
  return {
    id: 500000 + i, first_name: `First${i}`, last_name: `Last${i}`, email: `person${i}@acme-bakery.example`, phone: `+1 415 555 ${String(i % 10000).padStart(4, '0')}`,
    title: 'Senior Pastry Engineer', department: ['Kitchen', 'Front of house', 'Delivery', 'Office'][i % 4],
    location: { city: 'Portland', state: 'OR', country: 'US' }, manager_id: 500000 + (i % 50), hire_date: '2021-03-15', birth_date: '1990-08-03',
    status: i % 10 === 0 ? 'inactive' : 'active', employment_type: 'FULL_TIME', created_at: '2021-03-01T09:00:00Z', updated_at: '2024-05-01T10:00:00Z',
    tz: 'America/Los_Angeles', salary: 8_200_000, currency: 'USD', tags: ['bakery', 'morning-shift'],
    notes: 'Prefers the early shift; certified for the deck oven and the spiral mixer. Keeps the sourdough starter alive on weekends.',
  }
}

import { TenantSchema, type Tenant } from '@rebound/config';

const SPLIT_SHIFT = [
  { from: '08:00', to: '12:00' },
  { from: '14:00', to: '18:00' },
];

/**
 * The tenant of the carrier fixture corpus (Berlin, drama numbers only):
 * Mon–Thu split shift, Friday open late until midnight, closed at weekends.
 */
export function buildTenant(overrides: Record<string, unknown> = {}): Tenant {
  return TenantSchema.parse({
    id: 'praxis-mueller',
    name: 'Praxis Müller',
    numbers: ['+493023125001'],
    forward_to: '+493023125010',
    business_lines: ['+493023125002'],
    time_zone: 'Europe/Berlin',
    country: 'DE',
    region: 'BE',
    sender: '+493023125001',
    booking_link: 'https://praxis-mueller.example.com/termin',
    templates: {
      business_hours: 'Hallo! Wir haben Ihren Anruf verpasst. Wir rufen zurück. {business_name}',
      after_hours: 'Hallo! Wir sind gerade nicht erreichbar. {business_name}',
    },
    schedule: {
      mon: SPLIT_SHIFT,
      tue: SPLIT_SHIFT,
      wed: SPLIT_SHIFT,
      thu: SPLIT_SHIFT,
      fri: [
        { from: '08:00', to: '12:00' },
        { from: '14:00', to: '24:00' },
      ],
    },
    ...overrides,
  });
}

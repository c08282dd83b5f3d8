// Large US cities the generator puts in customer addresses. `unambiguous` marks cities whose
// name alone identifies the state (there is no other well-known city of that name), the only
// ones the generator writes without a state, as real exported addresses often are
// ("5165 Pine St, Phoenix"). Portland, Springfield, Columbus, Kansas City… always carry one.
// zip3 is a real 3-digit ZIP prefix of the city and areaCode a real area code of it, so the
// generated ZIP codes and phone numbers look plausible (the last digits are random).

export interface UsCity {
  readonly city: string;
  readonly state: string; // USPS code
  readonly zip3: string;
  readonly areaCode: string;
  readonly unambiguous: boolean;
}

const city = (name: string, state: string, zip3: string, areaCode: string, unambiguous: boolean): UsCity =>
  ({ city: name, state, zip3, areaCode, unambiguous });

export const US_CITIES: readonly UsCity[] = [
  city('New York', 'NY', '100', '212', true),
  city('Los Angeles', 'CA', '900', '213', true),
  city('Chicago', 'IL', '606', '312', true),
  city('Houston', 'TX', '770', '713', true),
  city('Phoenix', 'AZ', '850', '602', true),
  city('Philadelphia', 'PA', '191', '215', true),
  city('San Antonio', 'TX', '782', '210', true),
  city('San Diego', 'CA', '921', '619', true),
  city('Dallas', 'TX', '752', '214', true),
  city('San Jose', 'CA', '951', '408', true),
  city('Austin', 'TX', '787', '512', false), // also Austin, MN
  city('Jacksonville', 'FL', '322', '904', false), // also Jacksonville, NC
  city('Fort Worth', 'TX', '761', '817', true),
  city('Columbus', 'OH', '432', '614', false), // also Columbus, GA and IN
  city('Charlotte', 'NC', '282', '704', false), // also Charlotte, MI
  city('Indianapolis', 'IN', '462', '317', true),
  city('San Francisco', 'CA', '941', '415', true),
  city('Seattle', 'WA', '981', '206', true),
  city('Denver', 'CO', '802', '303', true),
  city('Washington', 'DC', '200', '202', false), // also the state
  city('Boston', 'MA', '021', '617', true),
  city('Nashville', 'TN', '372', '615', true),
  city('Detroit', 'MI', '482', '313', true),
  city('Portland', 'OR', '972', '503', false),
  city('Portland', 'ME', '041', '207', false),
  city('Las Vegas', 'NV', '891', '702', false), // also Las Vegas, NM
  city('Memphis', 'TN', '381', '901', true),
  city('Louisville', 'KY', '402', '502', false), // also Louisville, CO
  city('Baltimore', 'MD', '212', '410', true),
  city('Milwaukee', 'WI', '532', '414', true),
  city('Albuquerque', 'NM', '871', '505', true),
  city('Tucson', 'AZ', '857', '520', true),
  city('Sacramento', 'CA', '958', '916', true),
  city('Kansas City', 'MO', '641', '816', false), // also Kansas City, KS
  city('Atlanta', 'GA', '303', '404', true),
  city('Miami', 'FL', '331', '305', true),
  city('Minneapolis', 'MN', '554', '612', true),
  city('New Orleans', 'LA', '701', '504', true),
  city('Pittsburgh', 'PA', '152', '412', true),
  city('Salt Lake City', 'UT', '841', '801', true),
  city('Springfield', 'IL', '627', '217', false),
  city('Springfield', 'MA', '011', '413', false),
  city('Cleveland', 'OH', '441', '216', false), // also Cleveland, TN
  city('Honolulu', 'HI', '968', '808', true),
  city('Anchorage', 'AK', '995', '907', true),
  city('Omaha', 'NE', '681', '402', true),
  city('Raleigh', 'NC', '276', '919', true),
  city('Oklahoma City', 'OK', '731', '405', true),
  city('St. Louis', 'MO', '631', '314', true),
];

/** USPS code -> state name, for addresses written with the full state name ("Austin, Texas"). */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  AK: 'Alaska', AZ: 'Arizona', CA: 'California', CO: 'Colorado', DC: 'District of Columbia', FL: 'Florida',
  GA: 'Georgia', HI: 'Hawaii', IL: 'Illinois', IN: 'Indiana', KY: 'Kentucky', LA: 'Louisiana',
  MA: 'Massachusetts', MD: 'Maryland', ME: 'Maine', MI: 'Michigan', MN: 'Minnesota', MO: 'Missouri',
  NC: 'North Carolina', NE: 'Nebraska', NM: 'New Mexico', NV: 'Nevada', NY: 'New York', OH: 'Ohio',
  OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  WA: 'Washington', WI: 'Wisconsin',
};

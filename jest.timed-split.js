/**
 * How `npm test` splits a project's specs (the API's and the browser journeys'): `KINSHIP_SPECS=untimed`
 * runs every spec but the timed ones (two spec files at a time, each jest worker on its own
 * database), `KINSHIP_SPECS=timed` only those (one at a time, so nothing beside them takes the CPU
 * their deadlines or races are about), unset every spec. `timedSpecs` are paths from the project's
 * root; `allSpecs` its usual `testMatch`.
 */
module.exports = function timedSplit(timedSpecs, allSpecs) {
  const only = process.env.KINSHIP_SPECS;
  if (only !== undefined && only !== 'timed' && only !== 'untimed') throw new Error(`KINSHIP_SPECS is timed or untimed, not ${only}`);
  return {
    testMatch: only === 'timed' ? timedSpecs.map((path) => `<rootDir>/${path}`) : allSpecs,
    testPathIgnorePatterns: ['/node_modules/', ...(only === 'untimed' ? timedSpecs.map((path) => `/${path.replace(/[.]/g, '\\.')}$`) : [])],
  };
};

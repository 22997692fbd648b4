/*
 * What the page offers, decided as the daemon's Caller decides: the roles held at home for the home
 * municipality's servers, what a trust lends for another's. Only to show or hide buttons; the API
 * decides again on every call.
 */
const VIEWER = 'provisioning-viewer';
const OPERATOR = 'provisioning-operator';

function rolesIn(who, municipality) {
  return municipality === who.municipality ? who.roles : (who.grants[municipality] || []);
}

export function operates(who, municipality) {
  return rolesIn(who, municipality).includes(OPERATOR);
}

export function views(who, municipality) {
  const roles = rolesIn(who, municipality);
  return who.platformOperator || roles.includes(VIEWER) || roles.includes(OPERATOR);
}

/** The municipalities whose servers the caller may create: home first, then those lending an operator's role. */
export function operated(who) {
  return [who.municipality, ...Object.keys(who.grants)].filter(m => m && operates(who, m))
    .filter((m, i, all) => all.indexOf(m) === i);
}

/**
 * The AWS SDK for JavaScript v3 writes a multi-line NodeVersionSupportWarning to stderr (through
 * process.emitWarning) the first time a client is built on Node.js < 22: SDK releases published
 * after the first week of January 2027 will require Node.js 22. tierwise pins SDK versions that
 * support Node.js 20 (exact versions in package.json, lockfile committed), so the banner tells a
 * tierwise user nothing they can act on, on every `prices refresh`. The SDK's documented switch
 * (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true, AWS SDK for JavaScript v3 announcement
 * "End of Support for Node.js 20.x") turns it off; README says which Node.js versions tierwise
 * supports. A user who sets the variable (to anything) keeps their choice.
 */
export const SDK_NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Turns the SDK's Node.js version banner off for this process unless the user decided otherwise. */
export function quietSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  if (env[SDK_NODE_WARNING_SWITCH] === undefined) env[SDK_NODE_WARNING_SWITCH] = 'true';
}

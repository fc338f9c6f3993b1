// The starting point offered for an empty profile (the format is core/derive/profile.ts).
export const PROFILE_EXAMPLE = `identities:
  - match: ci-deploy              # an identity's name, alias or glob
    description: deploys the web tier
    allow:
      actions: ["s3:PutObject", "s3:GetObject", "ecs:*"]
      resources: ["*"]
    deny:
      actions: ["iam:*", "*StopLogging*"]
`;

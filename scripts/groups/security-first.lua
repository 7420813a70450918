-- Säkerhet först (English: security first)
--
-- ILLUSTRATIVE PROFILE, NOT A REAL PARTY. One of four example groups shipped
-- with the Tranås workspace so that group results and a seat-weighted
-- aggregate can be shown. Real groups write their own script (see
-- docs/guide-political-groups.md).
--
-- Profile: the municipality's first duty is that its services keep running
-- and its residents' data stay safe. The group takes the county IT
-- organisations' letter to SKR at its word, "dagens hotbild och kravnivå
-- inte är realistisk att möta kommunvis" (today's threat and requirement
-- level is not realistic to meet municipality by municipality), and weighs
-- cyber resilience and NIS2 far above everything else, with the competence
-- to run it (specialists who stay) and the digital transformation next.
-- It accepts the analysts' judgments of the alternatives on every criterion.
--
-- Judgments use the English verbal labels of the workspace format
-- ("equal" 1, "weak" 2, "moderate" 3, "moderate-strong" 4, "strong" 5,
-- "very strong" 7, …).

return {
  name = "Säkerhet först",
  seats = 9,

  weights = {
    goal = pairwise {
      -- cyber resilience and NIS2 over everything: a serious incident stops
      -- the welfare services, and the law puts the duty on the leadership.
      { "cyber-nis2", "competence-supply", "weak" },
      { "cyber-nis2", "digital-transformation", "weak" },
      { "cyber-nis2", "lock-in", "moderate-strong" },
      { "cyber-nis2", "cost", "moderate-strong" },
      { "cyber-nis2", "regional-influence", "moderate-strong" },
      { "cyber-nis2", "economies-of-scale", "moderate-strong" },
      { "cyber-nis2", "service-proximity", "strong" },
      { "cyber-nis2", "democracy", "very strong" },

      -- competence: incident handling is "ofta personberoende och sårbar
      -- vid resurs- och kompetensbrist" (person-dependent, fragile).
      { "competence-supply", "digital-transformation", "equal" },
      { "competence-supply", "lock-in", "weak" },
      { "competence-supply", "cost", "weak" },
      { "competence-supply", "regional-influence", "weak" },
      { "competence-supply", "economies-of-scale", "weak" },
      { "competence-supply", "service-proximity", "weak" },
      { "competence-supply", "democracy", "moderate-strong" },

      -- the digital transformation: a secure, coordinated infrastructure is
      -- the ground that AI and data projects stand on.
      { "digital-transformation", "lock-in", "weak" },
      { "digital-transformation", "cost", "weak" },
      { "digital-transformation", "regional-influence", "weak" },
      { "digital-transformation", "economies-of-scale", "weak" },
      { "digital-transformation", "service-proximity", "weak" },
      { "digital-transformation", "democracy", "moderate" },

      -- the rest about equal; preparedness ("beredskap") is part of the
      -- regional voice, and local support matters in an incident. (The
      -- cloud section's advice to spread risk, "Lösningen bör därför vara
      -- att undvika att lägga alla ägg i samma korg", is about platforms
      -- and suppliers; the workspace counts it in the judgments of the
      -- alternatives on cyber-nis2, not in this group's weights.)
      { "lock-in", "cost", "equal" },
      { "lock-in", "regional-influence", "equal" },
      { "lock-in", "economies-of-scale", "equal" },
      { "lock-in", "service-proximity", "equal" },
      { "lock-in", "democracy", "weak" },
      { "cost", "regional-influence", "equal" },
      { "cost", "economies-of-scale", "equal" },
      { "cost", "service-proximity", "equal" },
      { "cost", "democracy", "weak" },
      { "regional-influence", "economies-of-scale", "equal" },
      { "regional-influence", "service-proximity", "equal" },
      { "regional-influence", "democracy", "weak" },
      { "economies-of-scale", "service-proximity", "equal" },
      { "economies-of-scale", "democracy", "weak" },
      { "service-proximity", "democracy", "equal" },
    },
  },
}

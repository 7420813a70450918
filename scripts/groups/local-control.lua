-- Lokal kontroll först (English: local control first)
--
-- ILLUSTRATIVE PROFILE, NOT A REAL PARTY. One of four example groups shipped
-- with the Tranås workspace so that group results and a seat-weighted
-- aggregate can be shown. Real groups write their own script (see
-- docs/guide-political-groups.md).
--
-- Profile: the municipality should keep its decisions in its own council.
-- The group reads the analysis' introduction as its programme: "en stark
-- tradition av lokal självstyrelse och en förståelig oro för att för mycket
-- samverkan kan innebära förlorad kontroll" (a strong tradition of local
-- self-government and an understandable worry that too much cooperation
-- means lost control). It weighs democracy, lock-in and service proximity
-- most, cost next, and the capability criteria least.
--
-- Judgments use the Swedish verbal labels of the workspace format
-- ("lika" 1, "svagt" 2, "måttligt" 3, "måttligt-starkt" 4, "starkt" 5, …).

return {
  name = "Lokal kontroll först",
  seats = 12,

  weights = {
    -- The nine top-level criteria, every pair judged once (36 judgments).
    goal = pairwise {
      -- democracy first: decisions moving to a board of several
      -- municipalities is the group's core objection.
      { "democracy", "lock-in", "svagt" },
      { "democracy", "service-proximity", "svagt" },
      { "democracy", "cost", "svagt" },
      { "democracy", "competence-supply", "måttligt" },
      { "democracy", "cyber-nis2", "måttligt" },
      { "democracy", "digital-transformation", "måttligt-starkt" },
      { "democracy", "regional-influence", "måttligt-starkt" },
      { "democracy", "economies-of-scale", "måttligt-starkt" },

      -- lock-in: "kostsamt att backa ur" (costly to back out) is, for this
      -- group, the decisive long-term risk.
      { "lock-in", "service-proximity", "svagt" },
      { "lock-in", "cost", "lika" },
      { "lock-in", "competence-supply", "måttligt" },
      { "lock-in", "cyber-nis2", "måttligt" },
      { "lock-in", "digital-transformation", "måttligt" },
      { "lock-in", "regional-influence", "måttligt" },
      { "lock-in", "economies-of-scale", "måttligt-starkt" },

      -- service proximity: residents and staff should meet IT support in
      -- Tranås, not in Eksjö.
      { "service-proximity", "cost", "lika" },
      { "service-proximity", "competence-supply", "svagt" },
      { "service-proximity", "cyber-nis2", "svagt" },
      { "service-proximity", "digital-transformation", "svagt" },
      { "service-proximity", "regional-influence", "svagt" },
      { "service-proximity", "economies-of-scale", "måttligt" },

      -- cost: a fixed membership fee is money the council no longer steers.
      { "cost", "competence-supply", "svagt" },
      { "cost", "cyber-nis2", "svagt" },
      { "cost", "digital-transformation", "svagt" },
      { "cost", "regional-influence", "svagt" },
      { "cost", "economies-of-scale", "svagt" },

      -- the capability criteria: acknowledged, but judged solvable locally
      -- (recruit, rent, cooperate case by case).
      { "competence-supply", "cyber-nis2", "lika" },
      { "competence-supply", "digital-transformation", "lika" },
      { "competence-supply", "regional-influence", "lika" },
      { "competence-supply", "economies-of-scale", "lika" },
      { "cyber-nis2", "digital-transformation", "lika" },
      { "cyber-nis2", "regional-influence", "lika" },
      { "cyber-nis2", "economies-of-scale", "svagt" },
      { "digital-transformation", "regional-influence", "lika" },
      { "digital-transformation", "economies-of-scale", "lika" },
      { "regional-influence", "economies-of-scale", "lika" },
    },
  },

  alternatives = {
    -- The group's own judgment of the alternatives on democracy, replacing
    -- the analysts' (stay-alone and build-in-house each 3 over join-hit,
    -- equal between them). The analysis calls the democracy risks
    -- manageable because what moves is "mer av administrativ karaktär som
    -- t ex IT-drift" (mostly administrative, such as IT operations). The
    -- group disagrees: which systems, data and AI the welfare services get
    -- is decided with the IT organisation, so moving it to a board where
    -- "flera kommuners intressen ska balanseras" (several municipalities'
    -- interests are balanced) is a real loss of local say, hence 7 and 5
    -- instead of 3. Building in-house keeps the decisions but leans on
    -- hired consultants and suppliers, so it is a little behind staying.
    democracy = pairwise {
      { "stay-alone", "join-hit", "mycket starkt" },
      { "build-in-house", "join-hit", "starkt" },
      { "stay-alone", "build-in-house", "svagt" },
    },
  },
}

-- Regional samverkan (English: regional cooperation)
--
-- ILLUSTRATIVE PROFILE, NOT A REAL PARTY. One of four example groups shipped
-- with the Tranås workspace so that group results and a seat-weighted
-- aggregate can be shown. Real groups write their own script (see
-- docs/guide-political-groups.md).
--
-- Profile: "Ensam är inte stark" (alone is not strong). Tranås has
-- "samverkat relativt lite med andra kommuner" (cooperated relatively
-- little with other municipalities) and risks becoming "mer reaktiv än
-- proaktiv". The group weighs the regional voice most, then the economies of
-- scale and the digital transformation that acting together makes
-- possible. It sees democracy and lock-in as risks it can live with — its
-- own view: the analysis calls only the democracy risks "hanterbara"
-- (manageable) — and the closeness of IT support as solved by local support
-- technicians.
--
-- Judgments are plain numbers on Saaty's 1–9 scale (the first criterion
-- wins by that much); where the second wins, a fraction in a string
-- ("1/2").

return {
  name = "Regional samverkan",
  seats = 9,

  weights = {
    goal = pairwise {
      -- the regional voice: infrastructure, labour market, education and
      -- preparedness are decided where "större block av kommuner talar med
      -- samlad röst" (larger blocks of municipalities speak with one voice).
      { "regional-influence", "economies-of-scale", 2 },
      { "regional-influence", "digital-transformation", 2 },
      { "regional-influence", "competence-supply", 2 },
      { "regional-influence", "cyber-nis2", 3 },
      { "regional-influence", "cost", 4 },
      { "regional-influence", "lock-in", 5 },
      { "regional-influence", "democracy", 6 },
      { "regional-influence", "service-proximity", 6 },

      -- scale: shared resources, infrastructure and administration.
      { "economies-of-scale", "digital-transformation", 1 },
      { "economies-of-scale", "competence-supply", 2 },
      { "economies-of-scale", "cyber-nis2", 2 },
      { "economies-of-scale", "cost", 3 },
      { "economies-of-scale", "lock-in", 3 },
      { "economies-of-scale", "democracy", 4 },
      { "economies-of-scale", "service-proximity", 4 },

      -- the digital transformation (125/75) done together.
      { "digital-transformation", "competence-supply", 1 },
      { "digital-transformation", "cyber-nis2", 2 },
      { "digital-transformation", "cost", 2 },
      { "digital-transformation", "lock-in", 3 },
      { "digital-transformation", "democracy", 4 },
      { "digital-transformation", "service-proximity", 4 },

      { "competence-supply", "cyber-nis2", 1 },
      { "competence-supply", "cost", 2 },
      { "competence-supply", "lock-in", 2 },
      { "competence-supply", "democracy", 3 },
      { "competence-supply", "service-proximity", 3 },

      { "cyber-nis2", "cost", 2 },
      { "cyber-nis2", "lock-in", 2 },
      { "cyber-nis2", "democracy", 3 },
      { "cyber-nis2", "service-proximity", 3 },

      -- cost matters, but the fair comparison is with building alone; it
      -- still weighs a little more than lock-in ("1/2": the second wins).
      { "lock-in", "cost", "1/2" },
      { "cost", "democracy", 2 },
      { "cost", "service-proximity", 2 },

      -- lock-in, democracy, the closeness of IT support: equal among
      -- themselves, and the risks the group weighs least. (Its own view;
      -- the analysis' "Dessa risker ses därför som hanterbara" is about the
      -- democracy risks only.)
      { "lock-in", "democracy", 1 },
      { "lock-in", "service-proximity", 1 },
      { "democracy", "service-proximity", 1 },
    },
  },
}

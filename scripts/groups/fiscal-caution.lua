-- Ekonomisk försiktighet (English: fiscal caution)
--
-- ILLUSTRATIVE PROFILE, NOT A REAL PARTY. One of four example groups shipped
-- with the Tranås workspace so that group results and a seat-weighted
-- aggregate can be shown. Real groups write their own script (see
-- docs/guide-political-groups.md).
--
-- Profile: "en pressad ekonomi" (a strained economy, as the analysis'
-- introduction says) comes first. The group asks what each path commits the
-- municipality to pay, how hard it is to back out of a commitment, and what
-- scale can save. It does not write the 36 judgments by hand: it states
--
--   1. a budget rule (a ceiling on new IT costs over ten years),
--   2. points for every criterion except cost,
--
-- and the script computes (a) the points of cost from how far the paths'
-- cautious ten-year costs break the ceiling, and (b) the pairwise judgments
-- from the points: every pair gets the ratio of its points, rounded to the
-- nearest value of Saaty's 1–9 scale. Judgments made from one set of points
-- are nearly consistent by construction (only the rounding adds
-- inconsistency), so the CR stays small.
--
-- Judgments are numbers (computed), not verbal labels.

-- ---------------------------------------------------------------------------
-- 1. The budget rule
-- ---------------------------------------------------------------------------

-- New IT costs may take at most 3 000 tkr a year on average over ten years,
-- 30 000 tkr in all. (The group's own rule, not a figure from the analysis.)
local ceiling_tkr = 30000
local years = 10

-- The group's own copy of the analysis' known cost figures, at the cautious
-- (high) end of each range, in tkr. Budget rules are written in plain,
-- undiscounted kronor, so the group sums them undiscounted; the scripted cost
-- criterion (scripts/criteria/ten-year-cost.lua) discounts them instead. The
-- figures are the same as in criteria/cost.toml:
--   stay-alone:     meeting the cyber-security law alone: introduction of
--                   cyber security incl. own SOC 4 500 tkr (high end);
--                   running 4 000 + one full-time cyber-security employee
--                   1 000 = 5 000 tkr a year.
--   join-hit:       pre-study 500 + owner's contribution 4 000 + the
--                   integration and double costs, which cannot be
--                   forecast, at the high end of the workspace's scenario,
--                   16 500 = 21 000 tkr; membership fee (FLK) ≈ 2 035 tkr
--                   a year.
--   build-in-house: introduction of data lake/BI and own SOC 16 500 tkr
--                   (high end); running 8 000 + the security employee
--                   1 000 = 9 000 tkr a year (high end).
-- (The workspace's ten-year cost is in `decision.criterion.cost.data`, but
-- it is discounted; this group reasons in plain, undiscounted totals of the
-- high ends, so it states its own figures here.)
local cautious_cost = {
  ["stay-alone"] = { one_off = 4500, yearly = 5000 },
  ["join-hit"] = { one_off = 21000, yearly = 2035 },
  ["build-in-house"] = { one_off = 16500, yearly = 9000 },
}

-- ---------------------------------------------------------------------------
-- 2. Points for the criteria other than cost
-- ---------------------------------------------------------------------------

local points = {
  -- "kostsamt att backa ur": a bound commitment is a future cost.
  ["lock-in"] = 16,
  -- shared costs are the one saving the analysis points to.
  ["economies-of-scale"] = 14,
  -- consultant dependence: "kraftigt ökade kostnader för externa konsulter".
  ["competence-supply"] = 12,
  -- the law applies whatever the budget says.
  ["cyber-nis2"] = 10,
  ["digital-transformation"] = 8,
  ["democracy"] = 6,
  ["regional-influence"] = 5,
  ["service-proximity"] = 4,
}

-- ---------------------------------------------------------------------------
-- (a) The points of cost, from the budget rule
-- ---------------------------------------------------------------------------

-- Cost starts at `base_cost_points`. Every path whose cautious ten-year cost
-- breaks the ceiling adds `points_per_breach` times its overrun (the share of
-- the ceiling it goes over, counted at most once: a path that doubles the
-- budget is simply out of bounds). With the figures above every path breaks
-- the ceiling: stay-alone (4 500 + 10 × 5 000 = 54 500 tkr) by 82 %, join-hit
-- (21 000 + 10 × 2 035 = 41 350 tkr) by 38 %, build-in-house (16 500 + 10 ×
-- 9 000 = 106 500 tkr) by far: cost gets 15 + 12.3 + 5.7 + 15 = 48 points,
-- about 39 % of the weight.
local base_cost_points = 15
local points_per_breach = 15

local cost_points = base_cost_points
for _, alternative in ipairs(decision.alternatives) do
  local figures = cautious_cost[alternative.id]
  -- An alternative the group has no figures for (one added to the workspace
  -- later) does not move the weight; the group would add its figures here.
  if figures then
    local ten_year = figures.one_off + years * figures.yearly
    local overrun = (ten_year - ceiling_tkr) / ceiling_tkr
    if overrun > 0 then
      cost_points = cost_points + points_per_breach * math.min(overrun, 1)
    end
  end
end
points["cost"] = cost_points

-- ---------------------------------------------------------------------------
-- (b) Pairwise judgments from the points
-- ---------------------------------------------------------------------------

-- The value of Saaty's scale (1..9) nearest to a ratio r >= 1, measured on
-- the log scale (so 1.45 rounds to 1 and 1.42 … 2.45 to 2, symmetric for the
-- reciprocals).
local function nearest_scale_value(r)
  local best, best_distance = 1, math.huge
  for k = 1, 9 do
    local distance = math.abs(math.log(r) - math.log(k))
    if distance < best_distance then
      best, best_distance = k, distance
    end
  end
  return best
end

-- Every unordered pair once, the heavier criterion first.
local function judgments_from_points(ids, pts)
  local judgments = {}
  for i = 1, #ids do
    for j = i + 1, #ids do
      local a, b = ids[i], ids[j]
      local ratio = pts[a] / pts[b]
      if ratio >= 1 then
        judgments[#judgments + 1] = { a, b, nearest_scale_value(ratio) }
      else
        judgments[#judgments + 1] = { b, a, nearest_scale_value(1 / ratio) }
      end
    end
  end
  return judgments
end

-- The top-level criteria as the workspace defines them: every one needs
-- points, so a criterion added later is reported, not silently skipped.
local top_level = {}
for _, criterion in ipairs(decision.criteria) do
  if criterion.parent == nil then
    if points[criterion.id] == nil then
      error("fiscal-caution: no points for the top-level criterion '" .. criterion.id .. "'")
    end
    top_level[#top_level + 1] = criterion.id
  end
end

return {
  name = "Ekonomisk försiktighet",
  seats = 11,
  weights = {
    goal = pairwise(judgments_from_points(top_level, points)),
  },
}

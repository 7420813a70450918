-- Kostnad över tio år (English: ten-year cost), the scorer of the criterion
-- `cost` (criteria/cost.toml).
--
-- Every assumption of the ten-year cost is written here as a named local
-- with its reason. The figures themselves (one-off and yearly costs per
-- alternative, in tkr, with the analysis' ranges, and the horizon in years)
-- are the inputs in criteria/cost.toml, each with its source, rationale and
-- quote there.
--
-- vagval calls the returned function twice: with every input at the low end
-- of its range and with every input at the high end; each alternative's cost
-- is the range between the two results, which then behaves like any data
-- range. The cost is therefore kept monotone in its inputs: it is
-- a sum of the inputs with positive factors over a horizon that only adds
-- years, so a higher input never gives a lower cost.

-- The horizon is the input `years` (ten by default, criteria/cost.toml):
-- the analysis frames the decision as "var Tranås kommun vill vara om fem
-- till tio år" (where Tranås wants to be in five to ten years). The
-- five-year view is a what-if that sets `years` to 5 for every path
-- (docs/tranas-model.md). A horizon must be the same for every path and a
-- whole number of years from 1 to 50.
local max_years = 50

-- The discount rate: 3 % a year, real. AN ASSUMPTION, NOT FROM THE ANALYSIS,
-- which names no rate. 3 % is a real discount rate commonly used for public
-- investments. The figures are in today's prices (the analysis gives no
-- price or wage increases), so a real rate applies. A rate of 0 gives the
-- plain sum. The rate and the horizon can change the order of stay-alone
-- and join-hit: join-hit has the higher one-off cost, stay-alone (which must
-- meet the cyber-security law alone) the higher yearly cost, so the longer
-- and the less discounted the horizon, the more joining gains.
local discount_rate = 0.03

-- When the one-off cost falls: year 0, the year of the decision (the
-- pre-study is dated 2026, the owner's contribution is paid on entry, an
-- own data lake and SOC are built before they run), so it is not discounted.
local one_off_year = 0

-- Yearly costs run from year 1 to year `years`, discounted to year 0.
-- Simplification: building in-house pays full running costs from year 1,
-- though its systems would take time to build; this overstates its cost a
-- little, by less than one year of running cost.
local first_yearly_year = 1

-- Not included, and why (each would need a figure the analysis does not
-- give):
-- * HIT's own charges that replace today's IT budget (per inhabitant for the
--   appropriation parts, by price list for use), and the IT budget saved:
--   the analysis says comparing with today's spending is not fair and prices
--   neither; the inputs are costs on top of today's.
-- * the integration project and double system costs beyond the wide range
--   of the join-hit one-off input ("går i nuläget inte att prognostisera":
--   cannot be forecast yet; the pre-study will tell);
-- * local support technicians and development roles if joining;
-- * savings from a shared finance system or from automation and AI
--   ("svåra att kalkylera på i förhand": hard to calculate in advance);
-- * rising consultant costs when staying outside (a trend, no figure);
-- * reinvestment after year 10, residual values, and the owner's
--   contribution as equity in the association (treated as spent: it cannot
--   be taken out when leaving is in question).
-- These are scored under the other criteria or are left to the analysis.

-- The discount factor of each year from 0 to max_years, computed once
-- when the script is loaded: Monte Carlo calls the function below once
-- per sample, and the same factors every time.
local discount = {}
for year = 0, max_years do
  discount[year] = 1 / (1 + discount_rate) ^ year
end

-- What a yearly cost of 1 tkr from year `first_yearly_year` to year h is
-- worth today, for every horizon h (the sum of those years' discount
-- factors), computed once as well: a yearly cost c over h years is then
-- c * annuity[h], one multiplication per sample instead of a loop over
-- the years.
local annuity = {}
do
  local sum = 0
  for year = 0, max_years do
    if year >= first_yearly_year then
      sum = sum + discount[year]
    end
    annuity[year] = sum
  end
end

-- The alternatives' ids, and `math.floor`, as locals: Monte Carlo calls
-- the function below once per sample, and a local is the quickest to read.
local ids = {}
for i, alternative in ipairs(decision.alternatives) do
  ids[i] = alternative.id
end
local floor = math.floor

-- The one horizon of all paths: comparing paths over different horizons
-- means nothing, so a horizon set for one path only is refused.
local function horizon(years)
  local common = nil
  for i = 1, #ids do
    local id = ids[i]
    local y = years[id]
    if y == nil then
      error("ten-year-cost: no years input for the alternative '" .. id .. "'")
    end
    if y ~= floor(y) or y < 1 or y > max_years then
      error("ten-year-cost: the horizon must be a whole number of years from 1 to "
        .. max_years .. ", got " .. y .. " for '" .. id .. "'")
    end
    if common ~= nil and y ~= common then
      error("ten-year-cost: the horizon must be the same for every alternative, got "
        .. common .. " and " .. y .. " years (set years for every alternative)")
    end
    common = y
  end
  return common
end

return function(inputs)
  local one_off = inputs["one-off"]
  local yearly = inputs["yearly"]
  local years = horizon(inputs["years"] or {})
  local one_off_factor, yearly_factor = discount[one_off_year], annuity[years]
  local cost = {}
  for i = 1, #ids do
    local id = ids[i]
    local total, per_year = one_off[id], yearly[id]
    if total == nil or per_year == nil then
      error("ten-year-cost: no one-off or yearly input for the alternative '" .. id .. "'")
    end
    cost[id] = total * one_off_factor + per_year * yearly_factor
  end
  return cost
end

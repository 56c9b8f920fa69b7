"""How much to trust an answer: computations over the curated facts, on plain Python values.

Each module is one kind of appraisal, independent of the graph:

- `reported` — what a reported number stands for (the interval its decimals allow, a bound's side);
- `pvalues` — recomputing a reported p-value from 2×2 counts, group means ± SD, a within-arm change or
  a test statistic with its degrees of freedom (scipy.stats, statsmodels);
- `grim` — GRIM (means and percentages of whole numbers) and GRIMMER (their standard deviations);
- `synthesis` — vote counting by direction of effect (sign test) and random-effects pooling;
- `certainty` — a GRADE-style certainty rating computed by explicit rules, domain by domain;
- `product` — EV product reporting completeness (MISEV 2018/2023, EV-METRIC);
- `dose` — doses per site, session and course in each unit the facts allow.

Every result says how it was computed (the method and the library function), so the graph can store it
as a derived fact beside the facts it used, never as a fact a source states.
"""

COMPUTED_BY_RULE = "computed by rule, not a guideline panel's judgement"

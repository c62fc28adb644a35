// title: Role typology
// description: Every post and every role classed as effective-user, exploring or not-concerned, with the reason and the facts behind it. A post or role is effective-user when it uses or benefits from an effective AI usage; exploring when it has an experimented or evoked usage, or a task open to AI (standardisable under the rubric, not already served by a non-AI improvement, not blocked by a constraint that keeps AI tools out); not-concerned otherwise. A role takes the verdict its posts and its own facts agree on; when they differ it is exploring ("variable according to posts and tasks", the study's "variables selon profils et tâches").
// columns: case, kind, id, label, typology, reason, evidence, sources
// lists: evidence, sources
// order: case, kind, id

// --- 1. the rubric in force: the sum of all criterion weights and the threshold ------------
CALL () {
  MATCH (r:Rubric)-[:CRITERION]->(c)
  WHERE r.threshold IS NOT NULL AND c.weight IS NOT NULL
  RETURN sum(c.weight) AS total, min(r.threshold) AS threshold
}
// --- 2. every post and role of the case(s) ------------------------------------------------
// All of them, or those the case's bookkeeping node lists (index lookups, whatever the number
// of cases loaded).
CALL () {
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (h:Post) RETURN h
  UNION
  WITH $case AS wanted WHERE wanted IS NULL
  MATCH (h:Role) RETURN h
  UNION
  MATCH (bk:GraphmapCase {key: $case})
  UNWIND bk.nodes AS iri
  MATCH (h:Resource {iri: iri}) WHERE h:Post OR h:Role
  RETURN h
}
WITH total, threshold, h
WHERE h.identifier IS NOT NULL AND ($case IS NULL OR $case IN h.cases)
// --- 3. its facts, and the verdict they give ----------------------------------------------
// eff: the usages it uses or benefits from that are effective; exp: those that are not
// (experimented, evoked); tasks: its tasks; open: those of its tasks open to AI, i.e.
// standardisable (weights met >= threshold * total, where 1e-9 absorbs the float error of the
// product, exact decimals in SPARQL; and no blocking condition), not served by anything (a
// non-AI improvement), not affected by a constraint that keeps AI tools out, and whose holder
// is not affected by one either. Each task is judged from its own links only (no list of all
// open tasks to search).
WITH h,
     COLLECT { MATCH (u)-[:USED_BY|BENEFICIARY]->(h), (u)-[:USAGE_STATUS]->(st)
               WHERE st.iri = 'https://w3id.org/graphmap/vocab/status-effective' AND u.identifier IS NOT NULL
               RETURN DISTINCT u.identifier } AS eff,
     COLLECT { MATCH (u)-[:USED_BY|BENEFICIARY]->(h), (u)-[:USAGE_STATUS]->(st)
               WHERE st.iri <> 'https://w3id.org/graphmap/vocab/status-effective' AND u.identifier IS NOT NULL
               RETURN DISTINCT u.identifier } AS exp,
     COLLECT { MATCH (t)-[:TASK_OF]->(h) WHERE t.identifier IS NOT NULL RETURN DISTINCT t.identifier } AS tasks,
     COLLECT { MATCH (t:Task)-[:TASK_OF]->(h)
               WHERE t.identifier IS NOT NULL AND ($case IS NULL OR $case IN t.cases)
                 AND reduce(met = 0, w IN [(t)-[:HAS_CHARACTERISTIC]->()<-[:CHARACTERISTIC]-(c)<-[:CRITERION]-()
                                           WHERE c.weight IS NOT NULL | c.weight] | met + w) >= threshold * total - 1e-9
                 AND NOT EXISTS { (t)-[:HAS_CHARACTERISTIC]->()<-[:CHARACTERISTIC]-()<-[:BLOCKING_CONDITION]-() }
                 AND NOT EXISTS { ()-[:SERVES]->(t) }
                 AND NOT EXISTS { (k)-[:AFFECTS]->(t) WHERE k.blocksAITools = true }
                 AND NOT EXISTS { (t)-[:TASK_OF]->()<-[:AFFECTS]-(k) WHERE k.blocksAITools = true }
               RETURN DISTINCT t.identifier } AS open
WITH h, eff, exp, tasks, open,
     CASE WHEN size(eff) > 0 THEN 'effective-user'
          WHEN size(exp) > 0 OR size(open) > 0 THEN 'exploring'
          ELSE 'not-concerned' END AS own
// --- 4. for a role: the verdicts of its posts --------------------------------------------
// Every post or role speaks for itself, and a post also for each of its roles; grouping by
// the holder spoken for gives each its own facts and its posts' verdicts (a holder outside
// the case(s) has no facts of its own and is dropped). nv: how many different verdicts its
// posts have; postVerdict: the smallest; postList: "postid=verdict" for each post.
CALL (h) {
  RETURN h AS holder, true AS itself
  UNION ALL
  MATCH (h)-[:OF_ROLE]->(r) WHERE h:Post
  RETURN r AS holder, false AS itself
}
WITH holder,
     collect(CASE WHEN itself THEN {eff: eff, exp: exp, tasks: tasks, open: open, own: own} END) AS facts,
     collect(CASE WHEN NOT itself THEN {id: h.identifier, own: own} END) AS posts
WHERE size(facts) > 0
WITH holder AS h, head(facts) AS f, posts
CALL (posts) {
  UNWIND posts AS p
  RETURN count(DISTINCT p.own) AS nv, min(p.own) AS postVerdict, collect(DISTINCT p.id + '=' + p.own) AS postList
}
// --- 5. one row per post and role of the case(s), with a label and sources (required) -----
UNWIND h.cases AS case
WITH f, nv, postVerdict, postList, h, case,
     CASE WHEN h:Post THEN 'post' ELSE 'role' END AS kind,
     reduce(m = null, k IN [k IN keys(h) WHERE k = 'label' OR k STARTS WITH 'label_'] | CASE WHEN m IS NULL OR h[k] < m THEN h[k] ELSE m END) AS label,
     COLLECT { MATCH (h)-[:SOURCE]->(s) WHERE s.sectionNumber IS NOT NULL RETURN DISTINCT s.sectionNumber } AS sources
WHERE ($case IS NULL OR case = $case) AND label IS NOT NULL AND size(sources) > 0
// --- 6. its own verdict and reason; then, for a role, what its posts say -----------------
WITH case, kind, h, label, sources, f, nv, postVerdict, postList,
     size(f.eff) > 0 OR size(f.exp) > 0 OR size(f.tasks) > 0 AS hasFacts,
     CASE WHEN size(f.eff) > 0 THEN 'effective AI usage'
          WHEN size(f.exp) > 0 THEN 'AI usage experimented or evoked, not effective'
          WHEN size(f.open) > 0 THEN 'tasks open to AI, no effective usage'
          WHEN size(f.tasks) > 0 THEN 'no AI usage and no task open to AI (none standardisable, or served by a non-AI improvement, or blocked by a constraint)'
          ELSE 'no task or usage recorded' END AS ownReason
RETURN case,
       kind,
       h.identifier AS id,
       label,
       CASE WHEN kind = 'post' OR nv = 0 THEN f.own
            WHEN nv = 1 AND (NOT hasFacts OR f.own = postVerdict) THEN postVerdict
            ELSE 'exploring' END AS typology,
       CASE WHEN kind = 'post' OR nv = 0 THEN ownReason
            WHEN nv = 1 AND NOT hasFacts THEN 'its posts agree'
            WHEN nv = 1 AND f.own = postVerdict THEN 'its posts agree, and so do its own facts: ' + ownReason
            WHEN nv > 1 THEN 'variable according to posts and tasks: its posts differ'
            ELSE 'variable according to posts and tasks: its posts are ' + postVerdict + ', its own facts say ' + f.own + ' (' + ownReason + ')' END AS reason,
       // the facts behind the verdict: its usages; failing those, its open tasks, or failing
       // those its tasks; and for a role the verdict of each of its posts
       f.eff + f.exp
         + CASE WHEN size(f.eff) = 0 AND size(f.exp) = 0 THEN CASE WHEN size(f.open) > 0 THEN f.open ELSE f.tasks END ELSE [] END
         + postList AS evidence,
       sources
ORDER BY case, kind, id

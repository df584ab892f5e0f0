"""Progress of commitments: owners' progress reports with evidence, the chair's requests
for them, and the IRM's assessments (issue 15; contract in README "Progress")."""

from datetime import date
from tracker.charts import render, NAMES
from tracker.commitments.models import ActionPlan
from tracker.extensions import db
from tracker.workflow import MONITORED, COMPLETED

def test_smoke(app_ctx, factory, make_commitment, make_meeting, users):
    c = make_commitment(state=MONITORED, milestones=3, title="<script>alert(1)</script> & \"q\" " + "ძალიან გრძელი ქართული სათაური " * 8)
    make_commitment(state=COMPLETED)
    make_meeting(state=MONITORED, attendees=[{"name": "ა", "organisation": "NGO", "org_kind": "civil_society"}, {"name": "ბ", "organisation": "მერია"}])
    plan = db.session.get(ActionPlan, c.plan_id)
    for name in NAMES:
        out = render(plan, name)
        open(f"/tmp/chart_{name}.svg", "w").write(out)
        print(name, len(out))

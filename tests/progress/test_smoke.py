from tracker.progress.models import ProgressReport

from ..helpers import reload


def test_smoke(app, browse_as, people, world, make_report, make_assessment, make_report_request):
    req = make_report_request(world.commitment_id)
    r = make_report(world.commitment_id, actor=people["owner"], status="delayed",
                    files=[("ა.txt", "გამარჯობა".encode())], milestone_ids=[world.milestone_ids[0]])
    make_assessment(world.commitment_id)
    assert reload(app, ProgressReport, r.id).status == "delayed"
    client = browse_as(people["chair"])
    page = client.get(world.url("/m/city/commitments/{c}"))
    assert page.status_code == 200, page.get_data(as_text=True)[:3000]
    for url in ("/m/city/commitments/{c}/reports/new", "/m/city/commitments/{c}/report-requests/new",
                "/m/city/commitments/{c}/assessment", "/m/city/reports/", "/m/city/reports/?q=მიზეზით",
                "/m/city/", "/m/city/evidence/1"):
        resp = client.get(world.url(url))
        assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:3000])

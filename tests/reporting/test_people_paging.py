"""The people list of a large unit: 50 people a page, a search that ignores accents and case, Vietnamese
order of given names, the filters kept across pages, exports of every match, a fixed number of queries,
and an HR officer who still sees only their own agencies."""

import csv
import io
import itertools
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.text import fold, vietnamese_name_key, vietnamese_sort_key
from tests.reporting.conftest import START, D

pytestmark = pytest.mark.django_db

URL = "/reports/coverage/cbccvc/SKHCN/people/"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức"]
GIVEN = ["Ánh", "An", "Ân", "Đào", "Dung", "Yến", "Ơn", "Ôn", "Hạnh", "Hà", "Bảo", "Ưng", "Uyên", "Ngọc", "Ê"]


def add_people(agency, count, prefix="P"):
    """`count` civil servants at `agency` from START, named from the lists above, none trained."""
    from agencies.models import StaffMember
    from agencies.services import save_staff_member

    names = itertools.cycle(itertools.product(FAMILY, MIDDLE, GIVEN))
    made = []
    for number in range(count):
        family, middle, given = next(names)
        made.append(
            save_staff_member(
                StaffMember(
                    agency=agency,
                    staff_code=f"{prefix}-{number:04d}",
                    full_name=f"{family} {middle} {given}",
                    email=f"{prefix.lower()}{number}@nghean.gov.vn",
                    category="civil_servant",
                ),
                START,
            )
        )
    return made


def staff_codes(response):
    return re.findall(r'data-staff="([^"]+)"', response.content.decode())


def expected_order(names_by_code):
    return [code for code, name in sorted(names_by_code.items(), key=lambda i: (vietnamese_name_key(i[1]), i[0]))]


@pytest.fixture
def admin_client(client, django_user_model, province):
    admin = django_user_model.objects.create(username="qt-tinh", email="qt.tinh@nghean.gov.vn", is_superuser=True)
    client.force_login(admin)
    return client


@pytest.fixture
def big_department(province):
    """SKHCN with 120 more people in a new unit: 127 people counted on D."""
    from agencies.services import AgencyKind, create_agency

    unit = create_agency(
        code="SKHCN-P", name="Phòng Tổng hợp", kind=AgencyKind.UNIT, parent=province["agencies"]["SKHCN"]
    )
    add_people(unit, 120)
    return province


def all_names(client, **params):
    response = client.get(URL.replace("/people/", "/people.csv"), {"date": "01/10/2025", **params})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row[0]: row[1] for row in rows[1:]}, [row[0] for row in rows[1:]]


def test_fifty_people_a_page_in_vietnamese_order(admin_client, big_department):
    names, exported = all_names(admin_client)
    assert len(names) == 127
    order = expected_order(names)
    assert exported == order  # the export is in the same order as the pages
    seen = []
    for number in (1, 2, 3):
        response = admin_client.get(URL, {"date": "01/10/2025", "page": number})
        assert response.status_code == 200
        seen += staff_codes(response)
    assert seen == order and len(seen) == 127  # page 2 continues page 1; nobody twice, nobody missing
    page = admin_client.get(URL, {"date": "01/10/2025", "page": 2}).content.decode()
    assert "127 người" in page and "51–100" in page and "trang 2/3" in page
    assert 'aria-current="page"' in page and 'rel="prev"' in page and 'rel="next"' in page
    # By given name: every "An" before any "Anh"/"Ánh"-like name, "Ánh" before "Ân", "Dung" before "Đào".
    givens = [names[code].split()[-1] for code in seen]
    assert givens.index("An") < givens.index("Ánh") < givens.index("Ân") < givens.index("Bảo")
    assert givens.index("Dung") < givens.index("Đào") < givens.index("Ê")
    assert givens.index("Ôn") < givens.index("Ơn") < givens.index("Uyên") < givens.index("Ưng") < givens.index("Yến")
    assert givens == sorted(givens, key=vietnamese_sort_key)


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "２", "1e3", " x", "00"])
def test_a_page_that_is_not_a_page_number_is_a_clear_400(admin_client, bad):
    response = admin_client.get(URL, {"date": "01/10/2025", "page": bad})
    assert response.status_code == 400
    assert "không phải là số trang" in response.content.decode()


@pytest.mark.parametrize("far", ["4", "999", "99999999999999999999999999"])
def test_a_page_past_the_end_shows_the_last_page(admin_client, big_department, far):
    response = admin_client.get(URL, {"date": "01/10/2025", "page": far})
    assert response.status_code == 200
    last = admin_client.get(URL, {"date": "01/10/2025", "page": 3})
    assert staff_codes(response) == staff_codes(last) and len(staff_codes(last)) == 27


def test_search_ignores_accents_and_case(admin_client, big_department):
    everyone, everyone_order = all_names(admin_client)

    def haystack(code):  # what a search looks in: the name, the staff code, the roster e-mail
        email = f"p{int(code[2:])}@nghean.gov.vn" if code.startswith("P-") else ""
        return fold(f"{everyone[code]} {code} {email}")

    expected = [code for code in everyone_order if all(word in haystack(code) for word in ("nguyen", "van", "an"))]
    assert "CB-A" in expected and 1 < len(expected) < 50
    for typed in ("nguyen van an", "NGUYỄN VĂN AN", "Nguye\u0302\u0303n va\u0306n an", "  nguyen   van an "):
        response = admin_client.get(URL, {"date": "01/10/2025", "q": typed})
        assert response.status_code == 200
        codes = staff_codes(response)
        assert "CB-A" in codes, typed
        assert codes == expected, typed
        assert all_names(admin_client, q=typed)[1] == expected
    # "dao" finds "Đào" (đ is d).
    names, order = all_names(admin_client, q="dao")
    assert names and all("Đào" in name for name in names.values())
    # Staff code and e-mail, any case.
    assert staff_codes(admin_client.get(URL, {"date": "01/10/2025", "q": "cb-a"})) == ["CB-A"]
    assert staff_codes(admin_client.get(URL, {"date": "01/10/2025", "q": "P17@NGHEAN"})) == ["P-0017"]
    assert staff_codes(admin_client.get(URL, {"date": "01/10/2025", "q": "khong co ai"})) == []
    assert "Không có ai" in admin_client.get(URL, {"date": "01/10/2025", "q": "khong co ai"}).content.decode()


def test_filters_search_and_pages_work_together_and_links_keep_them(admin_client, big_department):
    # "nghean" is in the e-mail of the 120 new people (untrained civil servants) and of nobody else.
    params = {"date": "01/10/2025", "status": "untrained", "category": "civil_servant", "q": "NGHEAN"}
    names, order = all_names(admin_client, **params)
    assert len(order) == 120 and all(code.startswith("P-") for code in order)
    page1 = admin_client.get(URL, params)
    html = page1.content.decode()
    assert html.count('name="q" value="NGHEAN"') == 1
    links = re.findall(r'href="\?([^"]+page=2)"', html)
    assert links, "a link to page 2"
    for link in links:
        link = link.replace("&amp;", "&")
        for key, value in params.items():
            assert f"{key}={value}".replace("/", "%2F") in link, (key, link)
    page2 = admin_client.get(URL, {**params, "page": 2})
    assert staff_codes(page1) + staff_codes(page2) == order[:100]
    assert "120 người" in page2.content.decode()
    # A status that narrows the search to one person, and a category that leaves nobody.
    assert staff_codes(admin_client.get(URL, {**params, "status": "trained", "q": "an"})) == ["CB-A"]
    assert staff_codes(admin_client.get(URL, {**params, "category": "cadre"})) == []
    assert staff_codes(admin_client.get(URL, {**params, "q": "nguyen nghean", "position": "chuyên"})) == []


def test_exports_hold_every_match_not_one_page(admin_client, big_department):
    _names, order = all_names(admin_client, q="nghean", page=2)
    assert len(order) == 120
    page = admin_client.get(URL, {"date": "01/10/2025", "q": "nghean", "page": 2})
    assert staff_codes(page) == order[50:100]
    response = admin_client.get(
        URL.replace("/people/", "/people.xlsx"), {"date": "01/10/2025", "q": "nghean", "page": 2}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == order
    everyone, _order = all_names(admin_client, page=3)
    assert len(everyone) == 127
    # The export links on the page carry the search, not the page.
    html = page.content.decode()
    export_links = re.findall(r'href="[^"]*people\.(?:csv|xlsx)\?([^"]+)"', html)
    assert len(export_links) == 2 and all("q=nghean" in link and "page=" not in link for link in export_links)


def test_a_fixed_number_of_queries_with_10_or_120_people(admin_client, province):
    from agencies.services import AgencyKind, create_agency
    from reporting.services import people

    unit = create_agency(code="SKHCN-Q", name="Phòng Q", kind=AgencyKind.UNIT, parent=province["agencies"]["SKHCN"])
    add_people(unit, 10, prefix="Q")
    target = province["targets"]["cbccvc"]
    params = {"date": "01/10/2025", "q": "nguyen", "page": 1}
    url = "/reports/coverage/cbccvc/SKHCN-Q/people/"
    admin_client.get(url, params)  # warm the session and the site's caches
    with CaptureQueriesContext(connection) as small:
        assert len(people(target, unit, D, search="nguyen")) >= 1
    with CaptureQueriesContext(connection) as small_page:
        assert admin_client.get(url, params).status_code == 200
    add_people(unit, 110, prefix="R")
    with CaptureQueriesContext(connection) as large:
        found = len(people(target, unit, D, search="nguyen"))
    with CaptureQueriesContext(connection) as large_page:
        assert len(staff_codes(admin_client.get(url, params))) == min(found, 50) > 10
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_page.captured_queries) == len(small_page.captured_queries)


def test_an_hr_officer_sees_only_their_agencies_whatever_they_type(client, hr_officers, big_department):
    client.force_login(hr_officers["SKHCN"])
    # J (Đỗ Văn Khánh) works at SYT: searching for him from SKHCN's list finds nobody.
    assert staff_codes(client.get(URL, {"date": "01/10/2025", "q": "do van khanh"})) == []
    assert staff_codes(client.get(URL, {"date": "01/10/2025", "q": "CB-J"})) == []
    # A forged agency in the path or the query, with a search and a page: the same 404 as a missing agency.
    for url in (
        "/reports/coverage/cbccvc/SYT/people/?q=khanh&page=2",
        "/reports/coverage/cbccvc/UBND/people/?q=khanh",
        "/reports/coverage/cbccvc/SYT/people.csv?q=khanh",
        "/reports/coverage/cbccvc/SYT-BV/people.xlsx?q=long&page=1",
    ):
        assert client.get(url).status_code == 404, url
    # An extra ?agency= does not widen the list.
    response = client.get(URL, {"date": "01/10/2025", "agency": "SYT", "q": "khanh"})
    assert response.status_code == 200 and staff_codes(response) == []
    names, _order = all_names(client, agency="UBND", q="thi")
    assert names and not {"CB-K", "CB-M"} & set(names)  # Lý Thị Lan (SYT), Phan Thị My (SYT-BV)

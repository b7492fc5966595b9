"""Headers that name the same figure in other words (issue 10, item 2): each read with its group header,
as `data/header_patterns.csv` describes them."""

from __future__ import annotations

import pytest

from etl.columns import assign
from etl.headers import Role, candidates


def recognise(group: str, header: str) -> list[Role]:
    """What a column holds in a table of its own."""
    return assign([candidates(group, header)])[0].roles


@pytest.mark.parametrize(
    ("group", "header", "kpi", "role"),
    [
        ("Thôn, bản, khu phố", "Số thôn bản", "village_team_coverage", "denominator"),
        ("", "Tổng số thôn, bản", "village_team_coverage", "denominator"),
        ("", "Tổng số thôn/bản", "village_team_coverage", "denominator"),
        ("", "Tổng số tổ dân phố", "village_team_coverage", "denominator"),
        ("Thôn, khu", "Số thôn, khu có tổ CNS", "village_team_coverage", "numerator"),
        ("", "Số khu phố đã thành lập tổ", "village_team_coverage", "numerator"),
        ("Căn cước công dân", "Đã cấp thẻ căn cước", "chip_id_coverage", "numerator"),
        ("", "Số người được cấp CCCD", "chip_id_coverage", "numerator"),
        ("VNeID", "TK mức 2 đã kích hoạt", "eid_level2_rate", "numerator"),
        ("", "Tài khoản định danh điện tử mức 2", "eid_level2_rate", "numerator"),
        ("ĐTTM", "Số người dùng ĐTTM", "smartphone_adult_rate", "numerator"),
        ("Điện thoại thông minh", "Số người sử dụng", "smartphone_adult_rate", "numerator"),
        ("", "Người dùng smartphone", "smartphone_adult_rate", "numerator"),
        ("", "Số KH TTKDTM", "cashless_utility_rate", "numerator"),
        ("", "Khách hàng thanh toán không dùng tiền mặt", "cashless_utility_rate", "numerator"),
        ("Thanh toán điện tử", "Tổng số khách hàng", "cashless_utility_rate", "denominator"),
        ("TTHC", "Tổng số HS", "online_dossier_rate", "denominator"),
        ("Hồ sơ", "Hồ sơ nộp trực tuyến", "online_dossier_rate", "numerator"),
        ("Tổ CNS", "Số tổ CNS", "dx_teams", "count"),
        ("Tổ công nghệ số cộng đồng", "Số thành viên", "dx_team_members", "count"),
        ("Dân số", "Trưởng thành (từ 18 tuổi)", "smartphone_adult_rate", "denominator"),
    ],
)
def test_a_header_in_other_words_is_the_same_figure(group, header, kpi, role):
    assert Role(kpi, role) in recognise(group, header)


def test_the_population_aged_14_is_the_denominator_of_both_id_indicators():
    assert set(recognise("Dân số", "Từ 14 tuổi trở lên")) == {
        Role("chip_id_coverage", "denominator"),
        Role("eid_level2_rate", "denominator"),
    }


def test_every_matching_reading_is_a_candidate_best_first():
    ranked = candidates("Thôn, khu, tổ dân phố", "Số có tổ CNS")
    assert [c.role for c in ranked] == [Role("village_team_coverage", "numerator"), Role("dx_teams", "count")]
    assert ranked[0].score > ranked[1].score


def test_the_catalogue_label_scores_above_any_pattern():
    exact = candidates("", "Tổng số hồ sơ tiếp nhận")[0]
    pattern = candidates("", "Tổng số HS tiếp nhận")[0]
    assert exact.role == pattern.role == Role("online_dossier_rate", "denominator")
    assert exact.score > pattern.score


def test_a_header_the_vocabulary_explains_fully_scores_above_one_with_words_left_over():
    total = candidates("Hồ sơ TTHC", "HS trực tuyến")[0]
    part = candidates("Hồ sơ TTHC", "HS trực tuyến toàn trình")[0]
    assert total.role == part.role and total.score > part.score

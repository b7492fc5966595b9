"""Interface text in Vietnamese (first) and English."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"vi": "Chuyển đổi số Quảng Ninh", "en": "Quảng Ninh digital transformation"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "period": {"vi": "Kỳ báo cáo", "en": "Month"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "overview_heading": {"vi": "Toàn tỉnh, {month}", "en": "Province, {month}"},
    "sample_notice": {
        "vi": "Dữ liệu mẫu: số liệu mô phỏng để trình diễn, không phải số liệu chính thức.",
        "en": "Sample data: simulated figures for demonstration, not official statistics.",
    },
    "sample_badge": {"vi": "Dữ liệu mẫu", "en": "Sample data"},
    "col_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_numerator": {"vi": "Tử số", "en": "Numerator"},
    "col_denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "col_vs_previous": {"vi": "So với tháng trước", "en": "vs previous month"},
    "col_vs_last_year": {"vi": "So với cùng kỳ năm trước", "en": "vs same month last year"},
    "col_reporting": {"vi": "Đơn vị báo cáo", "en": "Units reporting"},
    "reporting_of": {"vi": "{n}/{total}", "en": "{n} of {total}"},
    "edition_note": {
        "vi": "Bản đồ hành chính {edition}: {units} đơn vị cấp xã.",
        "en": "Commune map of {edition}: {units} units.",
    },
    "trend_title": {"vi": "{name}: toàn tỉnh theo tháng", "en": "{name}: province, monthly"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "target_example": {"vi": "Mục tiêu (ví dụ)", "en": "Target (example)"},
    "province": {"vi": "Toàn tỉnh", "en": "Province"},
    "month_axis": {"vi": "Tháng", "en": "Month"},
    "no_warehouse": {
        "vi": "Chưa có kho dữ liệu tại {path}. Chạy `python -m etl sample --db {path}` để tạo dữ liệu mẫu.",
        "en": "No warehouse at {path}. Run `python -m etl sample --db {path}` to build the sample data.",
    },
    "no_data": {
        "vi": "Kho dữ liệu chưa có số liệu. Hãy nạp báo cáo tháng (`python -m etl load`) "
        "hoặc dữ liệu mẫu (`python -m etl sample`).",
        "en": "The warehouse has no figures yet. Load a monthly report (`python -m etl load`) "
        "or the sample data (`python -m etl sample`).",
    },
    "source_note": {
        "vi": "Nguồn: báo cáo tháng của các xã, phường, đặc khu. Tỷ lệ toàn tỉnh = tổng tử số / tổng mẫu số.",
        "en": "Source: monthly reports of the communes. Province rate = sum of numerators / sum of denominators.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["vi"]
    return text.format(**values) if values else text


def indicator_name(row: dict | object, lang: str, short: bool = False) -> str:
    """Name of an indicator row from the catalogue (a mapping or a namedtuple)."""
    field = f"{'short' if short else 'name'}_{lang if lang in ('vi', 'en') else 'vi'}"
    return row[field] if isinstance(row, dict) else getattr(row, field)

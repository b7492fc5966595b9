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
    "page_upload": {"vi": "Nạp báo cáo", "en": "Upload reports"},
    "upload_title": {"vi": "Nạp báo cáo tháng", "en": "Upload monthly reports"},
    "upload_not_allowed": {
        "vi": "Bạn không có quyền nạp số liệu.",
        "en": "You are not allowed to upload figures.",
    },
    "upload_files": {
        "vi": "Kéo thả tệp báo cáo (.xlsx, .xls, .ods, .csv)",
        "en": "Drop report files (.xlsx, .xls, .ods, .csv)",
    },
    "upload_period": {
        "vi": "Kỳ báo cáo (nếu tệp không ghi), dạng 2024-03",
        "en": "Month (if the file lacks it), as 2024-03",
    },
    "upload_user": {"vi": "Người nạp", "en": "Uploaded by"},
    "upload_skip_invalid": {"vi": "Chỉ nạp các số liệu hợp lệ", "en": "Load only the valid figures"},
    "upload_bad_period": {
        "vi": "Kỳ báo cáo phải có dạng YYYY-MM, ví dụ 2024-03.",
        "en": "The month must be YYYY-MM, e.g. 2024-03.",
    },
    "upload_user_needed": {"vi": "Nhập tên người nạp trước khi nạp.", "en": "Enter who is uploading before loading."},
    "upload_summary": {
        "vi": "Kỳ {period} · bản đồ {edition} · {figures} số liệu hợp lệ · {errors} lỗi · {warnings} cảnh báo",
        "en": "Month {period} · {edition} map · {figures} valid figures · {errors} errors · {warnings} warnings",
    },
    "upload_findings": {"vi": "Kết quả kiểm tra", "en": "Check results"},
    "upload_preview": {"vi": "Xem trước (ô đỏ: lỗi, ô vàng: cảnh báo)", "en": "Preview (red: error, amber: warning)"},
    "upload_map_columns": {"vi": "Ghép cột chưa nhận ra", "en": "Map unrecognised columns"},
    "upload_map_units": {"vi": "Ghép tên đơn vị chưa nhận ra", "en": "Match unrecognised unit names"},
    "upload_ignore": {"vi": "(bỏ qua)", "en": "(ignore)"},
    "upload_load": {"vi": "Nạp tệp này", "en": "Load this file"},
    "upload_blocked": {
        "vi": "Tệp có lỗi: sửa tệp, ghép thủ công, hoặc chọn “Chỉ nạp các số liệu hợp lệ”.",
        "en": "The file has errors: fix it, map by hand, or choose “Load only the valid figures”.",
    },
    "upload_receipt": {
        "vi": "Đã nạp lần #{upload_id}: {file}, kỳ {period}, {loaded} số liệu (bỏ {rejected}). "
        "Mã kiểm tra SHA-256 {sha}.",
        "en": "Loaded as upload #{upload_id}: {file}, {period}, {loaded} figures ({rejected} left out). SHA-256 {sha}.",
    },
    "upload_rejected": {"vi": "Không nạp: {file}.", "en": "Not loaded: {file}."},
    "upload_unreadable": {"vi": "Không đọc được tệp {file}: {message}", "en": "Cannot read {file}: {message}"},
    "history_title": {"vi": "Lịch sử nạp", "en": "Upload history"},
    "history_revert": {"vi": "Hoàn tác lần nạp", "en": "Revert upload"},
    "history_revert_button": {"vi": "Hoàn tác", "en": "Revert"},
    "history_reverted": {"vi": "Đã hoàn tác lần nạp #{upload_id}.", "en": "Upload #{upload_id} reverted."},
    "completeness_title": {"vi": "Đơn vị đã báo cáo", "en": "Who has reported"},
    "completeness_summary": {
        "vi": "{reported}/{total} đơn vị có số liệu {month}.",
        "en": "{reported} of {total} units have figures for {month}.",
    },
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "page_trends": {"vi": "Xu hướng", "en": "Trends"},
    "trends_title": {"vi": "{name} theo {step}", "en": "{name} by {step}"},
    "trends_level": {"vi": "So sánh", "en": "Compare"},
    "trends_province": {"vi": "Toàn tỉnh", "en": "Province"},
    "trends_districts": {"vi": "Các huyện, thị xã, thành phố", "en": "Districts"},
    "trends_units": {"vi": "Các xã, phường đã chọn", "en": "Chosen communes"},
    "trends_choose_units": {"vi": "Chọn xã, phường (bản đồ {edition})", "en": "Choose communes ({edition} map)"},
    "page_rankings": {"vi": "Xếp hạng", "en": "Rankings"},
    "rankings_title": {"vi": "{name}: xếp hạng {month}", "en": "{name}: ranking, {month}"},
    "rankings_target": {"vi": "Mục tiêu năm {year}: {target}{example}", "en": "Target for {year}: {target}{example}"},
    "rankings_no_target": {"vi": "Chưa có mục tiêu cho chỉ tiêu này.", "en": "No target set for this indicator."},
    "example_suffix": {"vi": " (ví dụ)", "en": " (example)"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_light": {"vi": "Đánh giá", "en": "Status"},
    "col_gap": {"vi": "Chênh lệch với mục tiêu", "en": "Gap to target"},
    "col_change_year": {"vi": "Thay đổi trong 12 tháng", "en": "Change over 12 months"},
    "col_reached": {"vi": "Đạt mục tiêu (theo tốc độ hiện nay)", "en": "Target reached (at the current pace)"},
    "reached_met": {"vi": "đã đạt", "en": "met"},
    "reached_never": {"vi": "không đạt với tốc độ này", "en": "not at this pace"},
    "light_green": {"vi": "🟢 đạt", "en": "🟢 on target"},
    "light_amber": {"vi": "🟡 gần đạt", "en": "🟡 close"},
    "light_red": {"vi": "🔴 chưa đạt", "en": "🔴 behind"},
    "light_none": {"vi": "–", "en": "–"},
    "most_improved": {"vi": "Tiến bộ nhiều nhất trong 12 tháng", "en": "Most improved over 12 months"},
    "page_profile": {"vi": "Hồ sơ đơn vị", "en": "Unit profile"},
    "profile_choose": {"vi": "Đơn vị (bản đồ {edition})", "en": "Unit ({edition} map)"},
    "profile_heading": {"vi": "{name} · {district}", "en": "{name} · {district}"},
    "profile_all_indicators": {"vi": "{name}: các chỉ tiêu theo tháng", "en": "{name}: every indicator by month"},
    "profile_rank": {"vi": "Thứ hạng trong {peers} {type}", "en": "Rank among {peers} {type}"},
    "profile_came_from": {"vi": "Hình thành từ", "en": "Came from"},
    "profile_became": {"vi": "Trở thành", "en": "Became"},
    "profile_unchanged": {"vi": "không thay đổi", "en": "unchanged"},
    "estimate_short": {"vi": "ước tính", "en": "estimate"},
    "page_completeness": {"vi": "Tình hình báo cáo", "en": "Reporting"},
    "completeness_heatmap": {
        "vi": "Số chỉ tiêu đã báo cáo, 12 tháng đến {month} (bản đồ {edition})",
        "en": "Indicators reported, 12 months to {month} ({edition} map)",
    },
    "completeness_missing": {"vi": "Đơn vị còn thiếu số liệu {month}", "en": "Units missing figures for {month}"},
    "completeness_all_in": {"vi": "Tất cả đơn vị đã báo cáo đủ.", "en": "Every unit has reported everything."},
    "col_district": {"vi": "Huyện", "en": "District"},
    "col_missing": {"vi": "Còn thiếu", "en": "Missing"},
    "col_code": {"vi": "Mã", "en": "Code"},
    "go_upload": {"vi": "Đến trang nạp báo cáo", "en": "Go to the upload page"},
    "trends_series": {"vi": "Chuỗi", "en": "Series"},
    "trends_estimate": {"vi": "Ước tính", "en": "Estimate"},
    "yes": {"vi": "có", "en": "yes"},
    "trends_frequency": {"vi": "Chu kỳ", "en": "Step"},
    "step_month": {"vi": "tháng", "en": "month"},
    "step_quarter": {"vi": "quý", "en": "quarter"},
    "step_year": {"vi": "năm", "en": "year"},
    "trends_estimate_note": {
        "vi": "Điểm rỗng: số liệu ước tính, chuyển qua bảng chuyển đổi khi đơn vị bị chia tách.",
        "en": "Hollow points: estimates, carried through the crosswalk where a unit was divided.",
    },
    "trends_flow_stock": {
        "vi": "Chỉ tiêu dòng cộng dồn các tháng; chỉ tiêu tồn lấy tháng cuối kỳ.",
        "en": "Flows add up over the months; stocks take the last month of the period.",
    },
    "no_figure": {"vi": "Chưa có số liệu tháng này", "en": "No figure this month"},
    "estimate_note": {
        "vi": "Ước tính: đơn vị bị chia tách, số liệu phân bổ theo tỷ lệ.",
        "en": "Estimate: a divided unit, figures apportioned by share.",
    },
    "page_map": {"vi": "Bản đồ", "en": "Map"},
    "map_title": {"vi": "{name}, {month}", "en": "{name}, {month}"},
    "map_change_title": {
        "vi": "{name}: thay đổi so với tháng trước, {month}",
        "en": "{name}: change since last month, {month}",
    },
    "map_shape": {"vi": "Kiểu bản đồ", "en": "Map type"},
    "map_hexagons": {"vi": "Lục giác (diện tích bằng nhau)", "en": "Hexagons (equal area)"},
    "map_geographic": {"vi": "Ranh giới hành chính", "en": "Administrative boundaries"},
    "map_mode": {"vi": "Hiển thị", "en": "Show"},
    "map_mode_value": {"vi": "Giá trị", "en": "Value"},
    "map_mode_change": {"vi": "Thay đổi so với tháng trước", "en": "Change since last month"},
    "map_level": {"vi": "Cấp", "en": "Level"},
    "map_level_units": {"vi": "Xã, phường", "en": "Communes"},
    "map_level_districts": {"vi": "Huyện, thị xã, thành phố", "en": "Districts"},
    "map_scale": {"vi": "Thang màu", "en": "Colour scale"},
    "map_scale_fixed": {"vi": "Cố định 0–100%", "en": "Fixed 0–100%"},
    "map_scale_data": {"vi": "Theo số liệu", "en": "Fitted to the data"},
    "map_scale_quantiles": {"vi": "5 nhóm theo phân vị", "en": "5 quantile classes"},
    "map_no_boundaries": {
        "vi": "Chưa nhập ranh giới cho bản đồ {edition}; đang hiển thị bản đồ lục giác.",
        "en": "No boundaries imported for the {edition} map; showing hexagons.",
    },
    "map_note": {
        "vi": "Nguồn: báo cáo tháng của các xã, phường · {month} · bản đồ {edition}{sample}",
        "en": "Source: monthly commune reports · {month} · {edition} map{sample}",
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

"""What the funding tests share."""

import html

FORMULA = {
    "year": "2025",
    "envelope": "5000000",
    "base": "40000",
    "overseas_coefficient": "1,3",
    "floor": "100000",
    "ceiling": "",
    "weight_population": "1",
    "weight_qpv_population": "0",
    "weight_qpv": "0",
    "weight_contract_epci": "0",
    "weight_contract_communes": "0",
    "weight_departements": "2",
    "weight_half_days": "0",
}


def text(response):
    return html.unescape(response.content.decode())

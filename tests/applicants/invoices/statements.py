"""Bank statements written in the tests: CAMT.053 documents of the schema's versions, each in
the shape that version has (a debtor's name under ``Pty`` from version 8, an entry's status as
a code from version 8, a transaction's amount only in ``AmtDtls`` in version 2), and CSV files.
"""

from xml.sax.saxutils import escape, quoteattr

IBAN = "DE02120300000000202051"
VERSIONS = [2, 4, 8, 13]


class Camt:
    """Writes a CAMT.053 document of one version: ``document(entry(...), ...)``."""

    def __init__(self, version=8, iban=IBAN):
        self.version = version
        self.iban = iban

    def document(self, *entries, statements=None):
        statements = statements or [(self.iban, entries)]
        body = "".join(
            f"<Stmt><Id>STMT-{number}</Id><CreDtTm>2026-12-04T06:00:00+01:00</CreDtTm>"
            f"<Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            f"{''.join(its_entries)}</Stmt>"
            for number, (iban, its_entries) in enumerate(statements, start=1)
        )
        namespace = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{self.version:02d}"
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Document xmlns="{namespace}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<BkToCstmrStmt><GrpHdr><MsgId>MSG-1</MsgId>"
            "<CreDtTm>2026-12-04T06:00:00+01:00</CreDtTm></GrpHdr>"
            f"{body}</BkToCstmrStmt></Document>"
        ).encode()

    def entry(
        self,
        amount,
        *transactions,
        currency="EUR",
        indicator="CRDT",
        reversal=None,
        booked="2026-12-03",
        booked_time=None,
        status="BOOK",
        ref=None,
    ):
        """An entry (``Ntry``); without ``transactions``, one with no details. ``reversal`` is
        the text of its reversal indicator, if it has one."""
        status_xml = f"<Sts>{status}</Sts>" if self.version < 8 else f"<Sts><Cd>{status}</Cd></Sts>"
        booking = (
            f"<BookgDt><DtTm>{booked_time}</DtTm></BookgDt>"
            if booked_time
            else f"<BookgDt><Dt>{booked}</Dt></BookgDt>"
        )
        details = f"<NtryDtls>{''.join(transactions)}</NtryDtls>" if transactions else ""
        return (
            f"<Ntry><Amt Ccy={quoteattr(currency)}>{amount}</Amt>"
            f"<CdtDbtInd>{indicator}</CdtDbtInd>"
            f"{f'<RvslInd>{reversal}</RvslInd>' if reversal else ''}"
            f"{status_xml}{booking}<ValDt><Dt>{booked}</Dt></ValDt>"
            f"{f'<AcctSvcrRef>{ref}</AcctSvcrRef>' if ref else ''}"
            "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
            "</Domn></BkTxCd>"
            f"{details}</Ntry>"
        )

    def transaction(
        self,
        amount=None,
        currency="EUR",
        *,
        ref=None,
        creditor_reference=None,
        text=None,
        payer=None,
        indicator=None,
    ):
        """A transaction's details (``TxDtls``): its amount (of a batch), the bank's
        reference, the remittance information and the payer."""
        parts = []
        if ref:
            parts.append(
                f"<Refs><AcctSvcrRef>{ref}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
            )
        if amount is not None:
            amount_xml = f"<Amt Ccy={quoteattr(currency)}>{amount}</Amt>"
            if self.version < 3:
                parts.append(f"<AmtDtls><TxAmt>{amount_xml}</TxAmt></AmtDtls>")
            else:
                parts.append(amount_xml)
                if indicator:
                    parts.append(f"<CdtDbtInd>{indicator}</CdtDbtInd>")
        if payer:
            name = f"<Nm>{escape(payer)}</Nm>"
            party = f"<Pty>{name}</Pty>" if self.version >= 8 else name
            parts.append(f"<RltdPties><Dbtr>{party}</Dbtr></RltdPties>")
        remittance = ""
        if text:
            remittance += f"<Ustrd>{escape(text)}</Ustrd>"
        if creditor_reference:
            remittance += (
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                f"<Ref>{escape(creditor_reference)}</Ref></CdtrRefInf></Strd>"
            )
        if remittance:
            parts.append(f"<RmtInf>{remittance}</RmtInf>")
        return f"<TxDtls>{''.join(parts)}</TxDtls>"


def csv_file(rows, delimiter=",", bom=False, header="date,amount,currency,reference,payer"):
    """A CSV statement of ``rows`` (lists of cells, written as given)."""
    lines = [header.replace(",", delimiter)] + [delimiter.join(row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()

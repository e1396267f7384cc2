"""Character diffs and small inline scripts for the self-contained HTML pages (review index, eval and bench reports):
no library, no network. A `table.sortable` sorts on a header click (numbers as numbers; rows of
class `total` stay last); an `input.filter` with `data-table="ID"` hides the rows of table ID
that do not contain its text."""

from __future__ import annotations

import difflib
from html import escape

__all__ = ["FILTER_JS", "SORT_JS", "char_diff"]


def char_diff(a: str, b: str) -> tuple[str, str]:
    """Both values escaped, with the characters only `a` has in <del> and only `b` has in <ins>."""
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        x, y = escape(a[i1:i2]), escape(b[j1:j2])
        left.append(x if op == "equal" or not x else f"<del>{x}</del>")
        right.append(y if op == "equal" or not y else f"<ins>{y}</ins>")
    return "".join(left), "".join(right)


SORT_JS = """
(function(){
  document.querySelectorAll('table.sortable th').forEach(function(th,col){
    th.addEventListener('click',function(){
      var body=th.closest('table').tBodies[0], rows=Array.prototype.slice.call(body.rows);
      var dir=th.getAttribute('data-dir')==='asc'?-1:1; th.setAttribute('data-dir',dir>0?'asc':'desc');
      rows.sort(function(a,b){
        var x=a.cells[col].getAttribute('data-sort')||a.cells[col].textContent;
        var y=b.cells[col].getAttribute('data-sort')||b.cells[col].textContent;
        var nx=parseFloat(x), ny=parseFloat(y);
        if(!isNaN(nx)&&!isNaN(ny)) return dir*(nx-ny);
        return dir*x.localeCompare(y);
      });
      rows.forEach(function(r){if(!r.classList.contains('total')) body.appendChild(r);});
      rows.forEach(function(r){if(r.classList.contains('total')) body.appendChild(r);});
    });
  });
})();
"""

FILTER_JS = """
(function(){
  document.querySelectorAll('input.filter').forEach(function(box){
    var table=document.getElementById(box.getAttribute('data-table'));
    box.addEventListener('input',function(){
      var want=box.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows,function(r){
        r.classList.toggle('filtered',want!==''&&r.textContent.toLowerCase().indexOf(want)<0);
      });
    });
  });
})();
"""

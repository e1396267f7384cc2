"""The inlined style and script of the review pages (no network, no library)."""

from __future__ import annotations

CSS = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222}
header{padding:.5em 1em;background:#f4f4f4;border-bottom:1px solid #ccc}
header h1{font-size:1.1em;margin:.2em 0}
.legend span{margin-right:.8em;padding:0 .3em}
main{display:flex;height:calc(100vh - 7em)}
#source{flex:1 1 55%;overflow:auto;padding:1em;white-space:pre-wrap;font-family:monospace;line-height:1.5}
#records{flex:1 1 45%;overflow:auto;padding:0 1em;border-left:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;width:100%}
td,th{border:1px solid #ddd;padding:2px 4px;text-align:left;vertical-align:top}
th{background:#eee;cursor:pointer;position:sticky;top:0}
.v{cursor:pointer;text-decoration:underline dotted}
.f{border-radius:2px}
.k-project{background:#ffe08a}.k-unit{background:#f6c28b}.k-amount{background:#a8e6a1}
.k-goal{background:#bcd7ff}.k-indicator{background:#e3c6ff}.k-level{background:#e8e8e8}
.k-target{background:#ffc4dd}.k-other{background:#d6f0f0}
.g-exact{color:#1a7f37}.g-normalized{color:#0a58ca}.g-fuzzy{color:#b35900;font-weight:bold}
.g-rejected{color:#c00;font-weight:bold}del{background:#f7b4b4;text-decoration:none}
ins{background:#a6e3a9;text-decoration:none}
.noise{color:#aaa}.label{color:#666}
.unplaced,.lost{background:#ffb3b3;color:#900;outline:1px solid #d00}
.marker::before{content:"\\2691";font-size:.8em;vertical-align:super}
.marker[data-severity=error]::before{color:#c00}.marker[data-severity=warning]::before{color:#d80}
.marker[data-severity=info]::before{color:#36c}
.flash{animation:flash 1.2s 2}
@keyframes flash{50%{outline:3px solid #f00;background:#ff0}}
tr.selected{background:#fffbcc}
.missing{color:#900}
.hidden{display:none}
#findings{max-height:12em;overflow:auto}
"""

PAGE_JS = """
(function(){
  function show(id){
    var el=document.getElementById(id); if(!el) return;
    el.scrollIntoView({block:'center'});
    document.querySelectorAll('.flash').forEach(function(f){f.classList.remove('flash');});
    void el.offsetWidth; el.classList.add('flash');
  }
  document.querySelectorAll('[data-target]').forEach(function(v){
    v.addEventListener('click',function(){show(v.getAttribute('data-target'));});
  });
  document.querySelectorAll('#source .f').forEach(function(m){
    m.addEventListener('click',function(){
      document.querySelectorAll('tr.selected').forEach(function(r){r.classList.remove('selected');});
      var rec=m.getAttribute('data-record'), first=null;
      document.querySelectorAll('#records tr[data-record]').forEach(function(r){
        if(r.getAttribute('data-record')===rec){r.classList.add('selected'); first=first||r;}
      });
      if(first) first.scrollIntoView({block:'nearest'});
    });
  });
  var sev=document.getElementById('severity'), code=document.getElementById('code'), at=-1;
  function keep(el){
    return (!sev||!sev.value||el.getAttribute('data-severity')===sev.value)&&
      (!code||!code.value||el.getAttribute('data-code')===code.value);
  }
  function filter(){
    document.querySelectorAll('#source .marker, #findings li').forEach(function(el){
      el.classList.toggle('hidden',!keep(el));
    });
    at=-1;
  }
  if(sev) sev.addEventListener('change',filter);
  if(code) code.addEventListener('change',filter);
  document.addEventListener('keydown',function(e){
    if(e.target.tagName==='SELECT'||(e.key!=='n'&&e.key!=='p')) return;
    var marks=Array.prototype.filter.call(document.querySelectorAll('#source .marker'),keep);
    if(!marks.length) return;
    at=(at+(e.key==='n'?1:marks.length-1))%marks.length;
    show(marks[at].id);
  });
})();
"""

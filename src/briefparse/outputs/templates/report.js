(function(){
  const boxes=[...document.querySelectorAll('.filters input[type=checkbox]')];
  const docSel=document.getElementById('doc-filter');
  const rows=[...document.querySelectorAll('#claims tbody tr')];
  const shownEl=document.getElementById('shown');
  const all=boxes.map(b=>b.value);
  // the filters live in the URL hash ("#show=supported,contradicted&doc=a.pdf"): Back and shared links keep them
  function fromHash(){
    const h=location.hash.slice(1);
    if(!h) return {show:all,doc:''};
    if(!/^show=/.test(h)) return null;  // a note or claim anchor: keep the filters as they are
    const p=new URLSearchParams(h);
    return {show:(p.get('show')||'').split(',').filter(Boolean),doc:p.get('doc')||''};
  }
  function current(){return {show:boxes.filter(b=>b.checked).map(b=>b.value),doc:docSel?docSel.value:''};}
  function setControls(s){boxes.forEach(b=>{b.checked=s.show.includes(b.value);});if(docSel)docSel.value=s.doc;}
  function apply(){
    const s=current(),on=new Set(s.show);let n=0;
    rows.forEach(tr=>{const v=on.has(tr.dataset.status)&&(!s.doc||tr.dataset.doc===s.doc);tr.hidden=!v;if(v)n++;});
    if(shownEl) shownEl.textContent=n;
  }
  function toHash(){
    const s=current();
    const everything=s.show.length===all.length&&!s.doc;
    const h=everything?'':'show='+s.show.join(',')+(s.doc?'&doc='+encodeURIComponent(s.doc):'');
    history.replaceState(null,'',h?'#'+h:location.pathname+location.search);
  }
  function reveal(){
    // a link to a claim that the filters hide shows every claim again, then the claim
    const id=decodeURIComponent(location.hash.slice(1));
    const el=id&&document.getElementById(id);
    if(el&&el.hidden){setControls({show:all,doc:''});apply();}
    if(el){el.scrollIntoView({block:'start'});}
  }
  function sync(){const s=fromHash();if(s)setControls(s);apply();}
  boxes.concat(docSel?[docSel]:[]).forEach(e=>e.addEventListener('change',()=>{apply();toHash();}));
  window.addEventListener('hashchange',()=>{sync();reveal();});
  window.addEventListener('pageshow',sync);
  sync();
  if(location.hash&&!/^#show=/.test(location.hash)) reveal();
})();

/**
 * The report's only script (progressive: the page is complete without it): hovering a heatmap
 * shows the layer, step and value of the cell under the pointer, read from the embedded JSON.
 */
export const reportScript = `(function(){
var el=document.getElementById("gradscope-data");if(!el)return;
var data=JSON.parse(el.textContent);var tip=document.createElement("div");tip.className="tip";tip.hidden=true;document.body.appendChild(tip);
function fmt(v){if(typeof v==="string")return v;if(v===0)return "0";var a=Math.abs(v);return a>=1e-3&&a<1e5?String(+v.toPrecision(4)):v.toExponential(3);}
var imgs=document.querySelectorAll("image[data-heat]");
function cells(h){if(!h.cells){var b=atob(h.f32),u=new Uint8Array(b.length);for(var k=0;k<b.length;k++)u[k]=b.charCodeAt(k);h.cells=new DataView(u.buffer);}return h.cells;}
for(var i=0;i<imgs.length;i++)(function(img){var h=data.heat[img.getAttribute("data-heat")];if(!h)return;
img.addEventListener("mousemove",function(e){var r=img.getBoundingClientRect();var C=h.steps.length,L=h.layers;
var c=Math.max(0,Math.min(C-1,Math.floor((e.clientX-r.left)/r.width*C)));var l=Math.max(0,Math.min(L-1,Math.floor((e.clientY-r.top)/r.height*L)));
var v=cells(h).getFloat32((l*C+c)*4,true);
tip.textContent="layer "+(l+1)+", step "+h.steps[c]+": "+h.label+" = "+(isNaN(v)?"NaN":isFinite(v)?fmt(v):v>0?"+Inf":"−Inf");tip.style.left=(e.pageX+14)+"px";tip.style.top=(e.pageY+14)+"px";tip.hidden=false;});
img.addEventListener("mouseleave",function(){tip.hidden=true;});})(imgs[i]);
document.documentElement.setAttribute("data-report-ready","1");
})();`;
